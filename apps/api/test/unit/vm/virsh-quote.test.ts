import { describe, expect, it } from 'vitest';
import { formatVirshCommand, quoteVirshArg } from '../../../src/adapters/libvirt/virsh-quote.js';

describe('virsh quoting', () => {
  it('leaves plain words alone', () => {
    expect(formatVirshCommand(['define', '--file', '/tmp/hostbay-virsh-x/definition.xml'])).toBe(
      'define --file /tmp/hostbay-virsh-x/definition.xml',
    );
  });

  it('single-quotes words with blanks, quotes, ; # and backslashes', () => {
    expect(quoteVirshArg('a b')).toBe("'a b'");
    expect(quoteVirshArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteVirshArg('#x;y')).toBe("'#x;y'");
    expect(quoteVirshArg('a\\b')).toBe("'a\\b'");
    expect(quoteVirshArg('')).toBe("''");
  });

  it('refuses characters readline would act on', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\tb', 'a\u0015b', 'a\u001bb', 'é', 'a\u007fb']) {
      expect(() => quoteVirshArg(bad)).toThrow(TypeError);
    }
  });
});
