import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { renderApp } from '../support/render';

/**
 * Every page but the sign-in pages is its own chunk (routes/router.tsx): the first screen says it is loading
 * until the page arrives; the sign-in form is drawn at once.
 */
describe('opening the dashboard at a page', () => {
  it.each([
    ['en', 'Loading…', 'Page not found'],
    ['ko', '불러오는 중…', '페이지를 찾을 수 없습니다'],
  ] as const)('says in %s that it is loading, then shows the page', async (language, loading, heading) => {
    useSettingsStore.setState({ language });
    renderApp('/no-such-page');

    expect(within(screen.getByRole('status')).getByText(loading)).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: heading })).toBeInTheDocument();
    expect(screen.queryByText(loading)).not.toBeInTheDocument();
  });

  it.each([
    ['en', 'Log in'],
    ['ko', '로그인'],
  ] as const)('draws the %s login form without waiting for a page chunk', (language, submit) => {
    useSettingsStore.setState({ language });
    renderApp('/login');

    expect(screen.getByRole('button', { name: submit })).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
