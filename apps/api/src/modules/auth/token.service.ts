import { webcrypto } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
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

/**
 * What a valid token says: whose it is, until when it holds (epoch
 * milliseconds, from `exp`), and the user's token version when it was issued.
 */
export interface VerifiedToken {
  userId: string;
  expiresAt: number;
  tokenVersion: number;
}

/**
 * The claim that carries the user's token version. A token issued before
 * versions existed has none and counts as version 0, which every account had then.
 */
const TOKEN_VERSION_CLAIM = 'token_version';

const ALGORITHM = 'HS256';
/** Tokens remembered as verified: about one per active session, each well under 1 kB. */
const VERIFIED_TOKENS_MAX = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** JWT issue and verification. The algorithm is pinned: `alg: none` and key confusion are refused. */
export class TokenService {
  /** Imported once: given raw bytes, jose would import the key again on every verification. */
  readonly #key: Promise<webcrypto.CryptoKey>;
  /**
   * Token → what it says, for tokens whose signature and claims jose has checked.
   * A session sends the same token with every request; checking its HMAC
   * again is a WebCrypto job on libuv's thread pool each time (bench/api
   * measured it at about a sixth of a `/me` call). An entry lives no longer
   * than its token's `exp`, so an expired token is verified (and refused) anew.
   */
  readonly #verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS_MAX });

  constructor(private readonly settings: TokenSettings) {
    this.#key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(settings.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async createAccessToken(user: Pick<UserRecord, 'id' | 'tokenVersion'>, now = new Date()): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ [TOKEN_VERSION_CLAIM]: user.tokenVersion })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.settings.ttlSeconds)
      .sign(await this.#key);
    return { token, expiresIn: this.settings.ttlSeconds };
  }

  /** Returns the user the token was issued to and its expiry, or throws UnauthenticatedError. */
  async verifyToken(token: string): Promise<VerifiedToken> {
    const known = this.#verified.get(token);
    if (known !== undefined) return known;
    try {
      const { payload } = await jwtVerify(token, await this.#key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      if (typeof payload.sub !== 'string' || !UUID.test(payload.sub))
        throw new UnauthenticatedError('The token names no user.');
      const version = payload[TOKEN_VERSION_CLAIM] ?? 0;
      if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0)
        throw new UnauthenticatedError('The access token is not valid.');
      // requiredClaims guarantees exp; jwtVerify refused it if already past.
      const verified = { userId: payload.sub, expiresAt: (payload.exp ?? 0) * 1000, tokenVersion: version };
      const ttlMs = verified.expiresAt - Date.now();
      if (ttlMs > 0) this.#verified.set(token, verified, { ttl: ttlMs });
      return verified;
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
