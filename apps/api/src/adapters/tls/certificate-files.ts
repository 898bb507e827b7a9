import { webcrypto, X509Certificate, createPrivateKey } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { groupReadableFolder, writeFileAtomic } from '../files/atomic-file.js';
import type { CertificateFiles, HttpChallengeFiles, IssuedCertificate } from '../../modules/tls/tls.ports.js';

/**
 * The TLS folder in the data folder:
 *
 *   <dir>/certs/<name>.pem      one name's chain and key in one file (`*.` is written `_wildcard.`)
 *   <dir>/certs/manual.pem      HOSTBAY_TLS=manual: the operator's chain and key
 *   <dir>/fallback.pem          self-signed, for names without a certificate yet
 *   <dir>/challenges/<token>    HTTP-01 answers the edge serves
 *
 * nginx reads a certificate at each handshake in a worker, which runs as the
 * edge's unprivileged user, so keys are mode 0640 with that user's group.
 */
export class FsCertificateFiles implements CertificateFiles, HttpChallengeFiles {
  readonly certsDir: string;
  readonly challengeDir: string;
  readonly fallbackFile: string;

  constructor(
    readonly dir: string,
    /** The group of nginx's workers (when Hostbay runs as root), or undefined. */
    private readonly readerGroup: { gid: number } | undefined,
  ) {
    this.certsDir = path.join(dir, 'certs');
    this.challengeDir = path.join(dir, 'challenges');
    this.fallbackFile = path.join(dir, 'fallback.pem');
  }

  async init(): Promise<void> {
    await groupReadableFolder(this.dir, this.readerGroup);
    await groupReadableFolder(this.certsDir, this.readerGroup);
    await groupReadableFolder(this.challengeDir, this.readerGroup);
  }

  fileOf(name: string): string {
    return path.join(this.certsDir, `${name.replace(/^\*\./, '_wildcard.')}.pem`);
  }

  async write(name: string, certificate: IssuedCertificate): Promise<void> {
    await writeFileAtomic(
      this.fileOf(name),
      joinPem(certificate.chainPem, certificate.keyPem),
      0o640,
      this.readerGroup,
    );
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
    const files = await readdir(this.certsDir).catch(() => []);
    return files
      .filter((file) => file.endsWith('.pem') && file !== 'manual.pem')
      .map((file) => file.slice(0, -'.pem'.length).replace(/^_wildcard\./, '*.'));
  }

  async ensureFallback(): Promise<string> {
    try {
      firstCertificate(await readFile(this.fallbackFile, 'utf8'));
      return this.fallbackFile;
    } catch {
      // Not there yet (or unreadable): make it.
    }
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const now = Date.now();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
        name: 'CN=Hostbay (no certificate for this name yet)',
        notBefore: new Date(now - 86_400_000),
        notAfter: new Date(now + 10 * 365 * 86_400_000),
        keys,
        signingAlgorithm: algorithm,
      },
      x509.cryptoProvider.get(),
    );
    const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${key.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
    await writeFileAtomic(this.fallbackFile, joinPem(certificate.toString('pem'), keyPem), 0o640, this.readerGroup);
    return this.fallbackFile;
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
    await writeFileAtomic(path.join(this.certsDir, 'manual.pem'), joinPem(chainPem, keyPem), 0o640, this.readerGroup);
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
