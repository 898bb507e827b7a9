import { webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { UnauthenticatedError } from '../../errors.js';
import type { UserRecord } from '../users/user.repository.js';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessToken {
  token: string;
  expiresIn: number;
}

const ALGORITHM = 'HS256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** JWT issue and verification. The algorithm is pinned: `alg: none` and key confusion are refused. */
export class TokenService {
  /** Imported once: given raw bytes, jose would import the key again on every verification. */
  readonly #key: Promise<webcrypto.CryptoKey>;

  constructor(private readonly settings: TokenSettings) {
    this.#key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(settings.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async createAccessToken(user: Pick<UserRecord, 'id'>, now = new Date()): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.settings.ttlSeconds)
      .sign(await this.#key);
    return { token, expiresIn: this.settings.ttlSeconds };
  }

  /** Returns the user id the token was issued to, or throws UnauthenticatedError. */
  async verifyToken(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, await this.#key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      if (typeof payload.sub !== 'string' || !UUID.test(payload.sub))
        throw new UnauthenticatedError('The token names no user.');
      return payload.sub;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired)
        throw new UnauthenticatedError('Your session has expired. Log in again.');
      if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('The access token is not valid.');
      throw error;
    }
  }
}

/** Reads `Authorization: Bearer <token>`; anything else is unauthenticated. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new UnauthenticatedError('Log in first: this needs an access token.');
  return match[1];
}
