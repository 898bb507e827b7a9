import type { AdminPlan } from '@hostbay/contract/plan';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeUser } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderApp, signIn } from '../support/render';

const ADMIN = makeUser({ username: 'root', is_admin: true });

const DEFAULT: AdminPlan = {
  id: null,
  name: 'default',
  is_default: true,
  vcpus: 1,
  memory_mb: 1024,
  disk_gb: 10,
  snapshots: 3,
  members: 12,
};
const LAB: AdminPlan = {
  id: '2d000000-0000-4000-8000-000000000001',
  name: 'Lab',
  is_default: false,
  vcpus: 2,
  memory_mb: 4096,
  disk_gb: 40,
  snapshots: 5,
  members: 3,
};
const SPARE: AdminPlan = {
  id: '2d000000-0000-4000-8000-000000000002',
  name: 'Spare',
  is_default: false,
  vcpus: 4,
  memory_mb: 8192,
  disk_gb: 80,
  snapshots: 0,
  members: 0,
};

/** The plans page's API; returns how many times the list was read. */
function plansApi(plans: AdminPlan[] = [DEFAULT, LAB, SPARE]) {
  const reads = { count: 0 };
  server.use(
    http.get(apiPath('/auth/me'), () => ok(ADMIN)),
    http.get(apiPath('/admin/plans'), () => {
      reads.count += 1;
      return ok(plans);
    }),
  );
  return reads;
}

async function rowOf(name: string) {
  const cell = await screen.findByText(name, { selector: 'strong' });
  const row = cell.closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** Replaces a field's value (the dialog starts filled), in one paste: key by key is slow on a busy machine. */
async function retype(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, value: string) {
  await user.clear(field);
  await user.paste(value);
}

// The page is a lazy route: loaded once here, so that no test's first wait includes compiling it.
beforeAll(async () => {
  await import('../../../src/pages/admin/AdminPlansPage');
});

describe('admin plans: the list', () => {
  it('shows the default plan first, read-only, then each plan with its size and members', async () => {
    signIn(ADMIN);
    plansApi();
    renderApp('/admin/plans');
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('Default');
    expect(rows[0]).toHaveTextContent('From the settings · read-only');
    expect(rows[0]).toHaveTextContent('1024 MB');
    expect(rows[0]).toHaveTextContent('12');
    expect(within(rows[0] as HTMLElement).queryByRole('button')).not.toBeInTheDocument();
    const cells = within(rows[1] as HTMLElement).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual(['Lab', '2', '4096 MB', '40 GB', '5', '3', 'EditDelete']);
    expect(screen.getByRole('note')).toHaveTextContent(
      'HOSTBAY_VM_VCPUS, HOSTBAY_VM_MEMORY_MB, HOSTBAY_VM_DISK_GB and HOSTBAY_SNAPSHOTS_PER_HOSTING',
    );
    expect(screen.getByRole('note')).toHaveTextContent('A disk never shrinks');
  });

  it('says when there are no named plans, and when the plans cannot be loaded', async () => {
    signIn(ADMIN);
    plansApi([DEFAULT]);
    const { unmount } = renderApp('/admin/plans');
    expect(await screen.findByText('No named plans yet: every member is on the default plan.')).toBeInTheDocument();
    unmount();
    server.use(http.get(apiPath('/admin/plans'), () => fail(503, 'internal_error', 'The database is away.')));
    renderApp('/admin/plans');
    expect(await screen.findByText('Could not load the plans')).toBeInTheDocument();
  });
});

describe('admin plans: creating', () => {
  it('starts from the default plan’s size and sends the plan', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const reads = plansApi();
    let sent: unknown;
    server.use(
      http.post(apiPath('/admin/plans'), async ({ request }) => {
        sent = await request.json();
        return ok({ ...SPARE, id: '2d000000-0000-4000-8000-000000000009', name: 'Big' }, 201);
      }),
    );
    renderApp('/admin/plans');
    await rowOf('Lab');
    await user.click(screen.getByRole('button', { name: 'New plan' }));
    const dialog = await screen.findByRole('dialog', { name: 'New plan' });
    expect(within(dialog).getByLabelText('vCPUs')).toHaveValue(1);
    expect(within(dialog).getByLabelText('Memory (MB)')).toHaveValue(1024);
    expect(within(dialog).getByLabelText('Snapshots')).toHaveValue(3);
    expect(within(dialog).getByLabelText('Snapshots')).toHaveAccessibleDescription(
      'How many snapshots of its disk a hosting may keep: 0 to 100 (0: none).',
    );
    await retype(user, within(dialog).getByLabelText('Name'), ' Big ');
    await retype(user, within(dialog).getByLabelText('vCPUs'), '8');
    await retype(user, within(dialog).getByLabelText('Disk (GB)'), '200');
    await retype(user, within(dialog).getByLabelText('Snapshots'), '10');
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    expect(await screen.findByText('The plan Big is created.')).toBeInTheDocument();
    expect(sent).toEqual({ name: 'Big', vcpus: 8, memory_mb: 1024, disk_gb: 200, snapshots: 10 });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(reads.count).toBe(2));
  });

  it('shows the API’s messages under the fields, and a taken name at the name', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    plansApi();
    let answer = fail(422, 'validation_error', 'vcpus: expected at most 64 vCPUs', {
      details: [
        { field: 'vcpus', message: 'expected at most 64 vCPUs' },
        { field: 'memory_mb', message: 'expected a whole number of MiB' },
      ],
    });
    server.use(http.post(apiPath('/admin/plans'), () => answer));
    renderApp('/admin/plans');
    await user.click(await screen.findByRole('button', { name: 'New plan' }));
    const dialog = await screen.findByRole('dialog');
    await retype(user, within(dialog).getByLabelText('Name'), 'Lab');
    await retype(user, within(dialog).getByLabelText('vCPUs'), '65');
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('vCPUs')).toHaveAccessibleDescription(
        expect.stringContaining('expected at most 64 vCPUs'),
      ),
    );
    expect(within(dialog).getByLabelText('Memory (MB)')).toHaveAccessibleDescription(
      expect.stringContaining('expected a whole number of MiB'),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Please correct the highlighted fields.');

    answer = fail(409, 'plan_name_taken', 'Another plan has this name.');
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(
        expect.stringContaining('Another plan has this name.'),
      ),
    );
    expect(within(dialog).getByLabelText('vCPUs')).not.toHaveAccessibleDescription(expect.stringContaining('expected'));
  });

  it('asks for an empty field without sending anything', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    plansApi();
    let posted = 0;
    server.use(
      http.post(apiPath('/admin/plans'), () => {
        posted += 1;
        return ok(SPARE, 201);
      }),
    );
    renderApp('/admin/plans');
    await user.click(await screen.findByRole('button', { name: 'New plan' }));
    const dialog = await screen.findByRole('dialog');
    await user.clear(within(dialog).getByLabelText('Disk (GB)'));
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(
      expect.stringContaining('This field is required.'),
    );
    expect(within(dialog).getByLabelText('Disk (GB)')).toHaveAccessibleDescription(
      expect.stringContaining('This field is required.'),
    );
    expect(posted).toBe(0);
  });
});

describe('admin plans: editing', () => {
  it('sends only what changed, and nothing when nothing did', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    plansApi();
    const sent: unknown[] = [];
    server.use(
      http.patch(apiPath('/admin/plans/:id'), async ({ request, params }) => {
        sent.push({ id: params.id, body: await request.json() });
        return ok({ ...LAB, memory_mb: 6144, snapshots: 0 });
      }),
    );
    renderApp('/admin/plans');
    const row = await rowOf('Lab');
    await user.click(within(row).getByRole('button', { name: 'Edit the plan Lab' }));
    let dialog = await screen.findByRole('dialog', { name: 'Edit the plan Lab' });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Lab');
    await retype(user, within(dialog).getByLabelText('Memory (MB)'), '6144');
    await retype(user, within(dialog).getByLabelText('Snapshots'), '0');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(
      await screen.findByText('The plan Lab is saved. Hostings on it take it at their next start.'),
    ).toBeInTheDocument();
    expect(sent).toEqual([{ id: LAB.id, body: { memory_mb: 6144, snapshots: 0 } }]);

    await user.click(within(await rowOf('Lab')).getByRole('button', { name: 'Edit the plan Lab' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sent).toHaveLength(1);
  });
});

describe('admin plans: deleting', () => {
  it('asks first; Cancel sends nothing; confirming deletes that plan', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    const reads = plansApi();
    const deleted: string[] = [];
    server.use(
      http.delete(apiPath('/admin/plans/:id'), ({ params }) => {
        deleted.push(String(params.id));
        return ok(SPARE);
      }),
    );
    renderApp('/admin/plans');
    const row = await rowOf('Spare');
    await user.click(within(row).getByRole('button', { name: 'Delete the plan Spare' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Delete the plan Spare?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(deleted).toEqual([]);

    await user.click(within(row).getByRole('button', { name: 'Delete the plan Spare' }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete plan' }));
    expect(await screen.findByText('The plan Spare is deleted.')).toBeInTheDocument();
    expect(deleted).toEqual([SPARE.id]);
    await waitFor(() => expect(reads.count).toBe(2));
  });

  it('warns that members are on it, and shows the API’s refusal', async () => {
    const user = userEvent.setup();
    signIn(ADMIN);
    plansApi();
    server.use(
      http.delete(apiPath('/admin/plans/:id'), () =>
        fail(409, 'plan_in_use', 'Members are on this plan (3). Move them to another plan first.', {
          details: { members: 3 },
        }),
      ),
    );
    renderApp('/admin/plans');
    await user.click(within(await rowOf('Lab')).getByRole('button', { name: 'Delete the plan Lab' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('3 members are on it');
    await user.click(within(dialog).getByRole('button', { name: 'Delete plan' }));
    expect(
      await screen.findByText('3 members are still on this plan. Move them to another plan first.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Lab', { selector: 'strong' })).toBeInTheDocument();
  });
});

describe('admin plans in Korean', () => {
  it('speaks Korean, the refusal too', async () => {
    const user = userEvent.setup();
    useSettingsStore.setState({ language: 'ko' });
    signIn(ADMIN);
    plansApi();
    server.use(
      http.delete(apiPath('/admin/plans/:id'), () =>
        fail(409, 'plan_in_use', 'Members are on this plan (3).', { details: { members: 3 } }),
      ),
    );
    renderApp('/admin/plans');
    expect(await screen.findByRole('heading', { name: '플랜', level: 1 })).toBeInTheDocument();
    expect(await screen.findByText('기본')).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent('디스크는 줄어들지 않습니다');
    await user.click(within(await rowOf('Lab')).getByRole('button', { name: 'Lab 플랜 삭제' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Lab 플랜을 삭제할까요?' });
    await user.click(within(dialog).getByRole('button', { name: '플랜 삭제' }));
    expect(
      await screen.findByText('아직 회원 3명이 이 플랜을 쓰고 있습니다. 먼저 다른 플랜으로 옮기세요.'),
    ).toBeInTheDocument();
  });
});
