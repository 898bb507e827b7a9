import type { AccountPlan } from '@hostbay/contract/plan';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { PlanCard } from '../../../src/components/account/PlanCard';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, renderWithProviders, signIn } from '../support/render';

const LAB: AccountPlan['plan'] = {
  name: 'Lab',
  is_default: false,
  vcpus: 2,
  memory_mb: 2048,
  disk_gb: 20,
  snapshots: 3,
};
const NO_HOSTING: AccountPlan['usage'] = { hostings: 0, vcpus: 0, memory_mb: 0, disk_gb: 0, snapshots: 0 };

function answer(body: AccountPlan) {
  server.use(http.get(apiPath('/account/plan'), () => ok(body)));
}

/** The card's rows as [term, value] pairs, in the order shown. */
function rows(card: HTMLElement): [string, string][] {
  return within(card)
    .getAllByRole('term')
    .map((term) => [term.textContent ?? '', term.nextElementSibling?.textContent ?? '']);
}

describe('PlanCard', () => {
  it("shows the member's plan and what their hosting has of it", async () => {
    answer({ plan: LAB, usage: { hostings: 1, vcpus: 2, memory_mb: 2048, disk_gb: 20, snapshots: 1 } });
    renderWithProviders(<PlanCard />);
    const card = await screen.findByRole('region', { name: 'Your plan' });
    await within(card).findByText('Lab');
    expect(rows(card)).toEqual([
      ['Plan', 'Lab'],
      ['vCPUs', '2 of 2'],
      ['Memory', '2048 MB of 2048 MB'],
      ['Disk', '20 GB of 20 GB'],
      ['Snapshots', '1 of 3'],
    ]);
    expect(card).toHaveTextContent('what your hosting has of them');
  });

  it('says a changed plan applies at the next start, and shows the limits alone without a hosting', async () => {
    answer({ plan: LAB, usage: { hostings: 1, vcpus: 1, memory_mb: 512, disk_gb: 10, snapshots: 0 } });
    const { unmount } = renderWithProviders(<PlanCard />);
    const card = await screen.findByRole('region', { name: 'Your plan' });
    expect(await within(card).findByText(/Stop and start your hosting to apply it/)).toBeInTheDocument();
    expect(rows(card)).toContainEqual(['vCPUs', '1 of 2']);
    unmount();

    answer({ plan: { ...LAB, name: 'default', is_default: true }, usage: NO_HOSTING });
    renderWithProviders(<PlanCard />);
    const fresh = await screen.findByRole('region', { name: 'Your plan' });
    expect(await within(fresh).findByText(/You have no hosting yet/)).toBeInTheDocument();
    expect(rows(fresh)).toEqual([
      ['Plan', 'Default'],
      ['vCPUs', '2'],
      ['Memory', '2048 MB'],
      ['Disk', '20 GB'],
      ['Snapshots', '3'],
    ]);
  });

  it('does not call a larger disk than the plan a pending change (a disk never shrinks)', async () => {
    answer({ plan: LAB, usage: { hostings: 1, vcpus: 2, memory_mb: 2048, disk_gb: 40, snapshots: 3 } });
    renderWithProviders(<PlanCard />);
    const card = await screen.findByRole('region', { name: 'Your plan' });
    expect(await within(card).findByText(/what your hosting has of them/)).toBeInTheDocument();
    expect(card).not.toHaveTextContent('Stop and start');
  });

  it('speaks Korean when the language is Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    answer({
      plan: { ...LAB, is_default: true, name: 'default' },
      usage: { hostings: 1, vcpus: 1, memory_mb: 512, disk_gb: 20, snapshots: 2 },
    });
    renderWithProviders(<PlanCard />);
    const card = await screen.findByRole('region', { name: '내 플랜' });
    await within(card).findByText('기본');
    expect(rows(card)).toEqual([
      ['플랜', '기본'],
      ['vCPU', '2 중 1'],
      ['메모리', '2048 MB 중 512 MB'],
      ['디스크', '20 GB 중 20 GB'],
      ['스냅샷', '3 중 2'],
    ]);
    expect(card).toHaveTextContent('호스팅을 중지한 뒤 다시 시작하세요');
  });

  it('says when the plan cannot be loaded, and loads it again on retry', async () => {
    const user = userEvent.setup();
    server.use(http.get(apiPath('/account/plan'), () => fail(500, 'internal_error', 'Something went wrong.')));
    renderWithProviders(<PlanCard />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load your plan');
    answer({ plan: LAB, usage: NO_HOSTING });
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Lab')).toBeInTheDocument();
  });

  it('is on the settings page', async () => {
    signIn();
    server.use(http.get(apiPath('/auth/me'), () => ok(makeUser())));
    answer({ plan: LAB, usage: NO_HOSTING });
    renderApp('/settings');
    const card = await screen.findByRole('region', { name: 'Your plan' });
    expect(await within(card).findByText('Lab')).toBeInTheDocument();
  });
});
