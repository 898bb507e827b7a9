import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/env-reader.js';
import { readImageConfig } from '../../../src/config/image.js';

describe('readImageConfig', () => {
  it('defaults to building from deb.debian.org bookworm into <dataDir>/images', () => {
    expect(readImageConfig({}, '/srv/hostbay')).toEqual({
      imagesDir: '/srv/hostbay/images',
      mirror: 'http://deb.debian.org/debian',
      suite: 'bookworm',
      extraPackages: [],
      cloudImage: undefined,
    });
  });

  it('reads a mirror (without its trailing slash), extra packages and a cloud image', () => {
    const config = readImageConfig(
      {
        HOSTBAY_IMAGE_MIRROR: 'http://127.0.0.1:3142/debian/',
        HOSTBAY_IMAGE_EXTRA_PACKAGES: 'curl, git',
        HOSTBAY_IMAGE: '/srv/images/debian-12-generic-amd64.qcow2',
      },
      '/d',
    );
    expect(config.mirror).toBe('http://127.0.0.1:3142/debian');
    expect(config.extraPackages).toEqual(['curl', 'git']);
    expect(config.cloudImage).toBe('/srv/images/debian-12-generic-amd64.qcow2');
  });

  it.each([
    ['HOSTBAY_IMAGE_MIRROR', 'ftp://mirror/debian'],
    ['HOSTBAY_IMAGE_SUITE', 'Bookworm; rm -rf /'],
    ['HOSTBAY_IMAGE_EXTRA_PACKAGES', 'curl,--force-yes'],
    ['HOSTBAY_IMAGE', 'relative/disk.qcow2'],
  ])('names %s when its value is bad', (variable, value) => {
    expect(() => readImageConfig({ [variable]: value }, '/d')).toThrow(ConfigError);
    expect(() => readImageConfig({ [variable]: value }, '/d')).toThrow(new RegExp(`^${variable}: `));
  });
});
