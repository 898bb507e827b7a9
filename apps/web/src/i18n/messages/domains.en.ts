import type { DomainStepName, DomainStepState } from '@hostbay/contract/tls';

/**
 * English texts of the hosting page's card of the member's own domains (ko: domains.ko.ts, the same
 * keys). Loaded with the card (domain-messages.ts), so the first screen does not carry them.
 */
export const domainsEn = {
  title: 'Your own domains',
  intro:
    'Use a domain you own, such as www.example.org, for this site: add it here, then set the DNS record it shows at your DNS provider. Hostbay connects the domain once it points here.',
  loading: 'Loading your domains…',
  loadFailed: 'Your domains could not be loaded',
  empty: 'No domains yet.',
  steps: {
    label: 'Progress',
    dns: 'Points to this Hostbay (DNS)',
    route: 'Connected to your site',
    certificate: 'HTTPS certificate',
    dnsWaiting: 'Waiting for your DNS record',
  } satisfies Record<DomainStepName, string> & { label: string; dnsWaiting: string },
  state: {
    pending: 'Waiting',
    running: 'In progress',
    done: 'Done',
    failed: 'Failed',
    skipped: 'HTTPS is off on this Hostbay',
  } satisfies Record<DomainStepState, string>,
  records: {
    title: 'DNS records to set',
    hint: 'Set one of these at your DNS provider. At the zone’s apex (example.org itself, without “www.”) use the A record: a CNAME is not allowed there.',
    type: 'Type',
    name: 'Name',
    value: 'Value',
    copyName: 'Copy the name of the {{type}} record',
    copyValue: 'Copy the value of the {{type}} record ({{value}})',
  },
  check: {
    button: 'Check now',
    pending: 'Checking…',
    never: 'Not checked yet.',
    found: 'Last check {{time}}: it pointed to {{found}}.',
    foundNothing: 'Last check {{time}}: the domain did not resolve.',
    ok: '{{domain}} points here.',
    notYet: '{{domain}} does not point here yet. DNS changes can take a while to spread; Hostbay keeps checking.',
  },
  remove: {
    button: 'Remove',
    title: 'Remove {{domain}}?',
    body: 'Your site stops answering under this domain, and its certificate is deleted. The site itself and its files stay as they are.',
    confirm: 'Remove domain',
    pending: 'Removing…',
    done: '{{domain}} was removed.',
  },
  add: {
    label: 'Domain',
    hint: 'A domain you own and whose DNS records you can set.',
    limit: 'Your hosting has {{limit}} domains, as many as it may have. Remove one to add another.',
    submit: 'Add domain',
    pending: 'Adding…',
    done: '{{domain}} was added. Now set its DNS record.',
  },
};
