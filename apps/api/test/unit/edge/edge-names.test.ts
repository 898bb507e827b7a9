import { describe, expect, it } from 'vitest';
import { InvalidRouteError, parseEdgeNames } from '../../../src/modules/proxy/route.js';
import { covers } from '../../../src/modules/tls/tls-status.js';

describe('the names the edge serves beside routes', () => {
  it('takes DNS names, one wildcard label and plain absolute files, in one order', () => {
    const names = parseEdgeNames({
      aliases: [
        { domain: 'www.example.org', username: 'alice' },
        { domain: 'a.example.org', username: 'bob' },
      ],
      certificates: [{ name: '*.hosting.example.org', file: '/data/tls/certs/_wildcard.hosting.example.org.pem' }],
    });
    expect(names.aliases.map((a) => a.domain)).toEqual(['a.example.org', 'www.example.org']);
  });

  it('refuses anything that could end an nginx line or point outside a plain path', () => {
    const bad = [
      { aliases: [{ domain: 'evil.org;\n}', username: 'alice' }], certificates: [] },
      { aliases: [{ domain: 'ok.org', username: 'Alice!' }], certificates: [] },
      { aliases: [], certificates: [{ name: '*.*.example.org', file: '/x.pem' }] },
      { aliases: [], certificates: [{ name: 'a.example.org', file: 'relative.pem' }] },
      { aliases: [], certificates: [{ name: 'a.example.org', file: '/x.pem; include /etc/passwd' }] },
    ];
    for (const input of bad) expect(() => parseEdgeNames(input), JSON.stringify(input)).toThrow(InvalidRouteError);
  });

  it('matches a wildcard one label deep, as TLS does', () => {
    const names = ['hosting.example.org', '*.hosting.example.org'];
    expect(covers(names, 'alice.hosting.example.org')).toBe(true);
    expect(covers(names, 'hosting.example.org')).toBe(true);
    expect(covers(names, 'a.b.hosting.example.org')).toBe(false);
    expect(covers(names, 'example.org')).toBe(false);
  });
});
