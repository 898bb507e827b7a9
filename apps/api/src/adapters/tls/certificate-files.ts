import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { groupReadableFolder, writeFileAtomic } from '../files/atomic-file.js';
import type { CertificateFiles, HttpChallengeFiles, IssuedCertificate } from '../../modules/tls/tls.ports.js';

/** What a name's entry in the served folder may point at besides a file of its own. */
const MANUAL = 'manual';

/**
 * The TLS folder in the data folder:
 *
 *   <dir>/served/<name>.pem     what nginx serves for <name> (its SNI or Host): the name's own chain
 *                               and key, or a link to a shared certificate below
 *   <dir>/shared/_wildcard.<base>.pem   HOSTBAY_TLS_NAMES=wildcard: the one certificate of *.<base>
 *   <dir>/shared/manual.pem     HOSTBAY_TLS=manual: the operator's chain and key
 *   <dir>/challenges/<token>    HTTP-01 answers the edge serves
 *
 * Shared certificates live outside `served/` so that no SNI name can pick
 * one by its file name. nginx reads a certificate at each handshake in a
 * worker, which runs as the edge's unprivileged user: keys are mode 0640 with
 * that user's group. Every replacement is a rename, so a handshake reads the
 * old file or the new one.
 */
export class FsCertificateFiles implements CertificateFiles, HttpChallengeFiles {
  readonly servedDir: string;
  readonly sharedDir: string;
  readonly challengeDir: string;

  constructor(
    readonly dir: string,
    /** The group of nginx's workers (when Hostbay runs as root), or undefined. */
    private readonly readerGroup: { gid: number } | undefined,
  ) {
    this.servedDir = path.join(dir, 'served');
    this.sharedDir = path.join(dir, 'shared');
    this.challengeDir = path.join(dir, 'challenges');
  }

  async init(): Promise<void> {
    for (const folder of [this.dir, this.servedDir, this.sharedDir, this.challengeDir]) {
      await groupReadableFolder(folder, this.readerGroup);
    }
  }

  fileOf(name: string): string {
    if (name === MANUAL) return path.join(this.sharedDir, 'manual.pem');
    if (name.startsWith('*.')) return path.join(this.sharedDir, `_wildcard.${name.slice(2)}.pem`);
    return path.join(this.servedDir, `${name}.pem`);
  }

  async write(name: string, certificate: IssuedCertificate): Promise<void> {
    await writeFileAtomic(
      this.fileOf(name),
      joinPem(certificate.chainPem, certificate.keyPem),
      0o640,
      this.readerGroup,
    );
  }

  async link(name: string, shared: string): Promise<void> {
    const entry = this.fileOf(name);
    const target = path.relative(this.servedDir, this.fileOf(shared));
    const aside = `${entry}.${randomBytes(4).toString('hex')}.partial`;
    await symlink(target, aside);
    await rename(aside, entry);
  }

  async expiryOf(name: string): Promise<Date | undefined> {
    try {
      return new Date(firstCertificate(await readFile(this.fileOf(name), 'utf8')).validTo);
    } catch {
      return undefined;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(this.fileOf(name), { force: true });
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.servedDir).catch(() => []);
    return entries.filter((entry) => entry.endsWith('.pem')).map((entry) => entry.slice(0, -'.pem'.length));
  }

  async installManual(chainFile: string, keyFile: string): Promise<{ names: string[]; notAfter: Date }> {
    const [chainPem, keyPem] = await Promise.all([readFile(chainFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const leaf = firstCertificate(chainPem);
    if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new Error(`HOSTBAY_TLS_KEY_FILE does not hold the key of the certificate in HOSTBAY_TLS_CERT_FILE`);
    }
    const names = (leaf.subjectAltName ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4).toLowerCase());
    await writeFileAtomic(this.fileOf(MANUAL), joinPem(chainPem, keyPem), 0o640, this.readerGroup);
    return { names, notAfter: new Date(leaf.validTo) };
  }

  async putChallenge(token: string, content: string): Promise<void> {
    await writeFileAtomic(this.challengeFile(token), content, 0o644, this.readerGroup);
  }

  async clearChallenges(): Promise<void> {
    for (const file of await readdir(this.challengeDir).catch(() => [])) {
      await rm(path.join(this.challengeDir, file), { force: true });
    }
  }

  async removeChallenge(token: string): Promise<void> {
    await rm(this.challengeFile(token), { force: true });
  }

  private challengeFile(token: string): string {
    // RFC 8555 tokens are base64url; anything else must not become a path.
    if (!/^[A-Za-z0-9_-]{16,256}$/.test(token)) throw new Error('an ACME challenge token that is not base64url');
    return path.join(this.challengeDir, token);
  }
}

function joinPem(...parts: string[]): string {
  return parts.map((part) => `${part.trim()}\n`).join('');
}

function firstCertificate(pem: string): X509Certificate {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!block) throw new Error('no certificate in the file');
  return new X509Certificate(block[0]);
}
