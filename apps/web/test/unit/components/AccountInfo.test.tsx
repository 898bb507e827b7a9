import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AccountInfo } from '../../../src/components/account/AccountInfo';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { renderWithProviders } from '../support/render';

/** The card's rows as [term, value] pairs, in the order shown. */
function rows(card: HTMLElement): [string, string][] {
  return within(card)
    .getAllByRole('term')
    .map((term) => [term.textContent ?? '', term.nextElementSibling?.textContent ?? '']);
}

describe('AccountInfo', () => {
  it('shows the username, email and since when, under the title it is given', () => {
    renderWithProviders(<AccountInfo user={makeUser()} title="Your account" />);
    const card = screen.getByRole('region', { name: 'Your account' });
    expect(within(card).getByRole('heading', { level: 2 })).toHaveTextContent('Your account');
    expect(rows(card)).toEqual([
      ['Username', 'alice'],
      ['Email', 'alice@example.com'],
      ['Member since', 'January 15, 2025'],
    ]);
  });

  it('says the role only when asked to', () => {
    renderWithProviders(
      <>
        <AccountInfo user={makeUser({ is_admin: true })} title="Profile" showRole />
        <AccountInfo user={makeUser()} title="Member profile" showRole />
      </>,
    );
    expect(rows(screen.getByRole('region', { name: 'Profile' }))).toContainEqual(['Role', 'Administrator']);
    expect(rows(screen.getByRole('region', { name: 'Member profile' }))).toContainEqual(['Role', 'Member']);
  });

  it('speaks Korean when the language is Korean', () => {
    useSettingsStore.setState({ language: 'ko' });
    renderWithProviders(<AccountInfo user={makeUser()} title="프로필" showRole />);
    expect(rows(screen.getByRole('region', { name: '프로필' }))).toEqual([
      ['사용자 이름', 'alice'],
      ['이메일', 'alice@example.com'],
      ['역할', '회원'],
      ['가입일', '2025년 1월 15일'],
    ]);
  });
});
