import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { renderApp } from '../support/render';

/** Each page is its own chunk (routes/router.tsx): the first screen says it is loading until the page arrives. */
describe('opening the dashboard at a page', () => {
  it.each([
    ['en', 'Loading…', 'Log in'],
    ['ko', '불러오는 중…', '로그인'],
  ] as const)('says in %s that it is loading, then shows the login form', async (language, loading, submit) => {
    useSettingsStore.setState({ language });
    renderApp('/login');

    expect(within(screen.getByRole('status')).getByText(loading)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: submit })).toBeInTheDocument();
    expect(screen.queryByText(loading)).not.toBeInTheDocument();
  });
});
