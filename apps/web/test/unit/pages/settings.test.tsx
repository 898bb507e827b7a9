import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/i18n/languages';
import { en } from '../../../src/i18n/messages/en';
import { ko } from '../../../src/i18n/messages/ko';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null ? keys(child as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const planAnswer = http.get(apiPath('/account/plan'), () =>
  ok({
    plan: { name: 'default', is_default: true, vcpus: 1, memory_mb: 512, disk_gb: 10 },
    usage: { hostings: 0, vcpus: 0, memory_mb: 0, disk_gb: 0 },
  }),
);

describe('settings page', () => {
  it('shows the profile', async () => {
    signIn(makeUser({ is_admin: true }));
    server.use(
      http.get(apiPath('/auth/me'), () => ok(makeUser({ is_admin: true }))),
      planAnswer,
      http.get(apiPath('/auth/activity'), () => ok({ entries: [] })),
    );
    renderApp('/settings');
    const profile = await screen.findByRole('region', { name: 'Profile' });
    expect(profile).toHaveTextContent('alice');
    expect(profile).toHaveTextContent('alice@example.com');
    expect(profile).toHaveTextContent('Administrator');
    expect(profile).toHaveTextContent('January 15, 2025');
  });

  it('switches to Korean, remembers it, and switches back', async () => {
    const user = userEvent.setup();
    signIn();
    server.use(
      http.get(apiPath('/auth/me'), () => ok(makeUser())),
      planAnswer,
      http.get(apiPath('/auth/activity'), () => ok({ entries: [] })),
    );
    renderApp('/settings');
    await user.click(await screen.findByRole('radio', { name: '한국어 (Korean)' }));
    expect(await screen.findByRole('heading', { name: '설정', level: 1 })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ko');
    expect(screen.getByRole('navigation', { name: '주 메뉴' })).toHaveTextContent('대시보드');
    expect(await screen.findByText('언어를 바꿨습니다.')).toBeInTheDocument();
    expect(JSON.parse(window.localStorage.getItem('hostbay.settings')!).state.language).toBe('ko');

    await user.click(screen.getByRole('radio', { name: 'English (영어)' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings'));
    expect(useSettingsStore.getState().language).toBe('en');
  });
});

describe('languages', () => {
  it('Korean has exactly the English keys, none empty', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    const empty = keys(ko).filter((key) => {
      const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], ko);
      return typeof value !== 'string' || value.trim() === '';
    });
    expect(empty).toEqual([]);
  });

  it('starts from the browser language', () => {
    expect(detectLanguage(['ko-KR', 'en-US'])).toBe('ko');
    expect(detectLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(detectLanguage(['fr'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});
