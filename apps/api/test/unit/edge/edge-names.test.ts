import { describe, expect, it } from 'vitest';
import { InvalidRouteError, parseEdgeNames } from '../../../src/modules/proxy/route.js';
import { covers } from '../../../src/modules/tls/tls-status.js';

describe('members’ own domains at the edge', () => {
  it('takes DNS names for members’ usernames, in one order', () => {
    const names = parseEdgeNames({
      aliases: [
        { domain: 'www.example.org', username: 'alice' },
        { domain: 'a.example.org', username: 'bob' },
      ],
    });
    expect(names.aliases.map((a) => a.domain)).toEqual(['a.example.org', 'www.example.org']);
  });

  it('refuses anything that could end an nginx line, a wildcard, or a username that is not one', () => {
    const bad = [
      { aliases: [{ domain: 'evil.org;\n}', username: 'alice' }] },
      { aliases: [{ domain: '*.example.org', username: 'alice' }] },
      { aliases: [{ domain: 'ok.org', username: 'Alice!' }] },
      { aliases: [], certificates: [] },
    ];
    for (const input of bad) expect(() => parseEdgeNames(input), JSON.stringify(input)).toThrow(InvalidRouteError);
  });

  it('matches a certificate’s wildcard one label deep, as TLS does', () => {
    const names = ['hosting.example.org', '*.hosting.example.org'];
    expect(covers(names, 'alice.hosting.example.org')).toBe(true);
    expect(covers(names, 'hosting.example.org')).toBe(true);
    expect(covers(names, 'a.b.hosting.example.org')).toBe(false);
    expect(covers(names, 'example.org')).toBe(false);
  });
});
