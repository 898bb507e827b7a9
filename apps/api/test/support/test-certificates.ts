import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * A private CA that signs leaf certificates fast (one P-256 key shared by
 * every leaf), for tests of the edge with many certificates without an ACME
 * round trip per name.
 */
export interface TestCa {
  caPem: string;
  /** A leaf for `names` (the first is the subject's CN), as the certificate keeper stores one. */
  issue(names: string[], notAfter?: Date): Promise<{ chainPem: string; keyPem: string; notAfter: Date }>;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function createTestCa(): Promise<TestCa> {
  const crypto = x509.cryptoProvider.get();
  const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=Hostbay test CA',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 30 * 86_400_000),
      keys: caKeys,
      signingAlgorithm: algorithm,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    },
    crypto,
  );
  const leafKeyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
  let serial = 1;
  return {
    caPem: ca.toString('pem'),
    async issue(names, notAfter = new Date(now + 20 * 86_400_000)) {
      serial += 1;
      const leaf = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial.toString(16).padStart(4, '0'),
          subject: `CN=${names[0]}`,
          issuer: ca.subject,
          notBefore: new Date(now - 3_600_000),
          notAfter,
          publicKey: leafKeys.publicKey,
          signingKey: caKeys.privateKey,
          signingAlgorithm: algorithm,
          extensions: [new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns', value })))],
        },
        crypto,
      );
      return { chainPem: leaf.toString('pem'), keyPem: leafKeyPem, notAfter };
    },
  };
}

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
