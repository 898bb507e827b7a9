import type { CustomDomain, DomainList } from '@hostbay/contract/tls';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostingManager } from '../../../src/components/hosting/HostingManager';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

// Generous waits (this file only): the card and its texts load lazily after the hosting is shown.
configure({ asyncUtilTimeout: 5000 });

const SITE = 'alice.hostbay.example';

/** A domain just added: its DNS does not point here yet, so only the records matter. */
function pendingDomain(domain: string, overrides: Partial<CustomDomain> = {}): CustomDomain {
  return {
    domain,
    url: `http://${domain}/`,
    records: [
      { type: 'CNAME', name: domain, value: SITE },
      { type: 'A', name: domain, value: '192.0.2.10' },
    ],
    dns: { state: 'pending', found: [], checked_at: null },
    steps: [
      { name: 'dns', state: 'running' },
      { name: 'route', state: 'pending' },
      { name: 'certificate', state: 'pending' },
    ],
    https: { state: 'pending', expires_at: null, next_attempt_at: null, problem: null },
    created_at: '2026-11-28T08:00:00.000Z',
    ...overrides,
  };
}

/** A domain that points here, is routed, and has a valid certificate. */
function finishedDomain(domain: string): CustomDomain {
  return pendingDomain(domain, {
    url: `https://${domain}/`,
    dns: { state: 'ok', found: [SITE], checked_at: '2026-11-28T08:05:00.000Z' },
    steps: [
      { name: 'dns', state: 'done' },
      { name: 'route', state: 'done' },
      { name: 'certificate', state: 'done' },
    ],
    https: { state: 'valid', expires_at: '2027-02-26T08:06:00.000Z', next_attempt_at: null, problem: null },
  });
}

/** The hosting page with `list` as GET /hosting/my/domains answers (the last answer repeats); counts the calls. */
function serveDomains(...answers: DomainList[]) {
  const counter = { calls: 0 };
  server.use(
    http.get(apiPath('/hosting/my'), () => ok(makeHosting('RUNNING'))),
    http.get(apiPath('/hosting/my/domains'), () => {
      const answer = answers[Math.min(counter.calls, answers.length - 1)]!;
      counter.calls += 1;
      return ok(answer);
    }),
  );
  return counter;
}

function renderPage() {
  signIn();
  return renderWithProviders(<HostingManager />);
}

const findCard = () => screen.findByRole('region', { name: 'Your own domains' });
const findDomain = (name: string) => screen.findByRole('article', { name });

describe('DomainsCard', () => {
  afterEach(() => vi.useRealTimers());

  it('lists each domain: its steps, the records to set with copy buttons, its last check, and a link once routed', async () => {
    const user = userEvent.setup();
    serveDomains({ items: [pendingDomain('www.example.org'), finishedDomain('shop.example.net')], limit: 5 });
    renderPage();

    const pending = await findDomain('www.example.org');
    const steps = within(pending).getByRole('list', { name: 'Progress' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Points to this Hostbay (DNS)Waiting for your DNS record',
      'Connected to your siteWaiting',
      'HTTPS certificateWaiting',
    ]);
    expect(within(pending).getByText('Not checked yet.')).toBeInTheDocument();
    // Not routed yet: no link to a site that does not answer under this name.
    expect(within(pending).queryByRole('link')).not.toBeInTheDocument();
    expect(within(pending).getByText(/At the zone’s apex .* use the A record/)).toBeInTheDocument();
    expect(within(pending).getByText(SITE)).toBeInTheDocument();
    await user.click(
      within(pending).getByRole('button', { name: 'Copy the value of the CNAME record (alice.hostbay.example)' }),
    );
    expect(await navigator.clipboard.readText()).toBe(SITE);
    await user.click(within(pending).getByRole('button', { name: 'Copy the value of the A record (192.0.2.10)' }));
    expect(await navigator.clipboard.readText()).toBe('192.0.2.10');
    await user.click(within(pending).getByRole('button', { name: 'Copy the name of the A record' }));
    expect(await navigator.clipboard.readText()).toBe('www.example.org');

    const done = screen.getByRole('article', { name: 'shop.example.net' });
    const link = within(done).getByRole('link', { name: /https:\/\/shop\.example\.net\// });
    expect(link).toHaveAttribute('href', 'https://shop.example.net/');
    expect(link).toHaveAttribute('target', '_blank');
    expect(within(done).getByText(/^Last check .+: it pointed to alice\.hostbay\.example\.$/)).toBeInTheDocument();
    expect(within(done).getByText('Secure (HTTPS)')).toBeInTheDocument();
    expect(within(done).getByText(/^Valid until .+\.$/)).toBeInTheDocument();
  });

  it('says when HTTPS is off on this Hostbay instead of a certificate step', async () => {
    const domain = finishedDomain('www.example.org');
    serveDomains({
      items: [
        {
          ...domain,
          url: 'http://www.example.org/',
          steps: [
            { name: 'dns', state: 'done' },
            { name: 'route', state: 'done' },
            { name: 'certificate', state: 'skipped' },
          ],
          https: { state: 'off', expires_at: null, next_attempt_at: null, problem: null },
        },
      ],
      limit: 5,
    });
    renderPage();
    const item = await findDomain('www.example.org');
    expect(within(item).getByText('HTTPS certificate').nextElementSibling).toHaveTextContent(
      'HTTPS is off on this Hostbay',
    );
    expect(within(item).queryByText('Plain HTTP')).not.toBeInTheDocument();
  });

  it('adds a domain (201) and shows it at the end of the list', async () => {
    const user = userEvent.setup();
    serveDomains({ items: [], limit: 5 });
    let body: unknown;
    server.use(
      http.post(apiPath('/hosting/my/domains'), async ({ request }) => {
        body = await request.json();
        return ok(pendingDomain('www.example.org'), 201, 'www.example.org was added.');
      }),
    );
    renderPage();
    const card = await findCard();
    expect(await within(card).findByText('No domains yet.')).toBeInTheDocument();
    const field = within(card).getByLabelText('Domain');
    await user.type(field, ' www.example.org ');
    await user.click(within(card).getByRole('button', { name: 'Add domain' }));

    expect(await findDomain('www.example.org')).toBeInTheDocument();
    expect(body).toEqual({ domain: 'www.example.org' });
    expect(field).toHaveValue('');
    expect(await screen.findByText('www.example.org was added. Now set its DNS record.')).toBeInTheDocument();
  });

  it('shows a domain another hosting has (409 domain_taken) at the field', async () => {
    const user = userEvent.setup();
    serveDomains({ items: [], limit: 5 });
    server.use(
      http.post(apiPath('/hosting/my/domains'), () =>
        fail(409, 'domain_taken', "www.example.org is already another hosting's domain."),
      ),
    );
    renderPage();
    const card = await findCard();
    const field = await within(card).findByLabelText('Domain');
    await user.type(field, 'www.example.org');
    await user.click(within(card).getByRole('button', { name: 'Add domain' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/Another hosting already has this domain\./));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says a reserved domain (422 domain_reserved) at the field, in Korean', async () => {
    useSettingsStore.setState({ language: 'ko' });
    const user = userEvent.setup();
    serveDomains({ items: [], limit: 5 });
    server.use(
      http.post(apiPath('/hosting/my/domains'), () =>
        fail(422, 'validation_error', 'Invalid request.', {
          details: [
            {
              field: 'domain',
              message: 'This domain belongs to this Hostbay itself and cannot be added.',
              code: 'domain_reserved',
            },
          ],
        }),
      ),
    );
    renderPage();
    const card = await screen.findByRole('region', { name: '내 도메인' });
    expect(await within(card).findByText('아직 도메인이 없습니다.')).toBeInTheDocument();
    const field = within(card).getByLabelText('도메인');
    await user.type(field, 'bob.hostbay.example');
    await user.click(within(card).getByRole('button', { name: '도메인 추가' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription(/이 Hostbay가 쓰는 도메인이라 추가할 수 없습니다\./));
    // The field says it; "correct the highlighted fields" would only repeat it.
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('turns the form off, with a note, when the hosting has as many domains as it may', async () => {
    serveDomains({ items: [finishedDomain('a.example.org'), finishedDomain('b.example.org')], limit: 2 });
    renderPage();
    const card = await findCard();
    const field = await within(card).findByLabelText('Domain');
    expect(field).toBeDisabled();
    expect(field).toHaveAccessibleDescription(
      'Your hosting has 2 domains, as many as it may have. Remove one to add another.',
    );
    expect(within(card).getByRole('button', { name: 'Add domain' })).toBeDisabled();
  });

  it('checks a domain now and shows what it found', async () => {
    const user = userEvent.setup();
    serveDomains({ items: [pendingDomain('www.example.org')], limit: 5 });
    const checked: string[] = [];
    server.use(
      http.post(apiPath('/hosting/my/domains/:domain/check'), ({ params }) => {
        checked.push(String(params.domain));
        return ok(
          pendingDomain('www.example.org', {
            dns: { state: 'pending', found: ['198.51.100.7'], checked_at: '2026-11-28T08:10:00.000Z' },
          }),
        );
      }),
    );
    renderPage();
    const item = await findDomain('www.example.org');
    await user.click(within(item).getByRole('button', { name: 'Check now' }));
    expect(await within(item).findByText(/^Last check .+: it pointed to 198\.51\.100\.7\.$/)).toBeInTheDocument();
    expect(checked).toEqual(['www.example.org']);
    expect(await screen.findByText(/^www\.example\.org does not point here yet\./)).toBeInTheDocument();
  });

  it('removes a domain only after confirming', async () => {
    const user = userEvent.setup();
    serveDomains({ items: [pendingDomain('www.example.org'), finishedDomain('shop.example.net')], limit: 5 });
    const removed: string[] = [];
    server.use(
      http.delete(apiPath('/hosting/my/domains/:domain'), ({ params }) => {
        removed.push(String(params.domain));
        return ok({ items: [finishedDomain('shop.example.net')], limit: 5 });
      }),
    );
    renderPage();
    const item = await findDomain('www.example.org');
    await user.click(within(item).getByRole('button', { name: 'Remove' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Remove www.example.org?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(removed).toEqual([]);

    await user.click(within(item).getByRole('button', { name: 'Remove' }));
    dialog = screen.getByRole('alertdialog', { name: 'Remove www.example.org?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove domain' }));
    expect(await screen.findByText('www.example.org was removed.')).toBeInTheDocument();
    expect(removed).toEqual(['www.example.org']);
    expect(screen.queryByRole('article', { name: 'www.example.org' })).not.toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'shop.example.net' })).toBeInTheDocument();
  });

  it('asks again every few seconds while a domain is on its way, and stops once all are finished', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const counter = serveDomains(
      { items: [pendingDomain('www.example.org')], limit: 5 },
      { items: [finishedDomain('www.example.org')], limit: 5 },
    );
    renderPage();
    await findDomain('www.example.org');
    expect(counter.calls).toBe(1);
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    const item = await findDomain('www.example.org');
    await waitFor(() => expect(within(item).getByText('Secure (HTTPS)')).toBeInTheDocument());
    expect(counter.calls).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(counter.calls).toBe(2);
  });

  it('is not shown while the hosting is being deleted', async () => {
    const counter = serveDomains({ items: [], limit: 5 });
    server.use(http.get(apiPath('/hosting/my'), () => ok(makeHosting('DELETING'))));
    renderPage();
    expect(await screen.findByText('Deleting')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Your own domains' })).not.toBeInTheDocument();
    expect(counter.calls).toBe(0);
  });

  it('is not shown where the operator takes no members’ domains (HOSTBAY_DOMAINS_PER_HOSTING=0)', async () => {
    const counter = serveDomains({ items: [], limit: 0 });
    renderPage();
    await waitFor(() => expect(counter.calls).toBeGreaterThan(0));
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Your own domains' })).not.toBeInTheDocument();
  });
});
