import { ErrorCode } from '@hostbay/contract/envelope';
import type { UserStatus } from '@hostbay/contract/user';
import { AccountSuspendedError, ConflictError, InvalidCredentialsError, UnauthenticatedError } from '../../errors.js';
import { DuplicateUserError, type NewUser, type UserRecord, type UserRepository } from '../users/user.repository.js';
import type { PasswordHasher } from './password-hasher.js';
import type { AccessToken, TokenService } from './token.service.js';

/** A signed-in user and when their token stops working (epoch milliseconds). */
export interface Session {
  user: UserRecord;
  expiresAt: number;
}

export interface NewAccount {
  email: string;
  username: string;
  password: string;
  /** Only the command line makes admins (`hostbay user create --admin`), never a sign-up. */
  isAdmin?: boolean;
  /** `pending` when sign-ups wait for an admin's approval. */
  status?: UserStatus;
}

/** Accounts and sessions, as the seed names them. Input arrives validated by the contract's schemas. */
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async createUser(account: NewAccount): Promise<UserRecord> {
    return insertAccount(this.users, await this.prepareAccount(account));
  }

  /**
   * The row a new account will be: refused at once if its email or username
   * is taken, with the password hashed. `insertAccount` stores it, inside a
   * transaction when more must happen with it (an invitation taken).
   */
  async prepareAccount(account: NewAccount): Promise<NewUser> {
    // Checked first for a clear message; the unique indexes still decide races.
    if (await this.getUserByEmail(account.email)) throw emailTaken();
    if (await this.users.findByUsername(account.username)) throw usernameTaken();
    return {
      email: account.email,
      username: account.username,
      passwordHash: await this.passwords.hash(account.password),
      isAdmin: account.isAdmin ?? false,
      status: account.status ?? 'active',
    };
  }

  getUserByEmail(email: string): Promise<UserRecord | undefined> {
    return this.users.findByEmail(email);
  }

  verifyPassword(password: string, passwordHash: string): Promise<boolean> {
    return this.passwords.verify(password, passwordHash);
  }

  /**
   * Unknown email and wrong password are indistinguishable: same error, and a
   * dummy hash comparison so both take about the same time.
   */
  async authenticateUser(email: string, password: string): Promise<UserRecord> {
    const user = await this.getUserByEmail(email);
    if (!user) {
      await this.passwords.verifyDummy(password);
      throw new InvalidCredentialsError();
    }
    if (!(await this.verifyPassword(password, user.passwordHash))) throw new InvalidCredentialsError(user);
    // Only after the password: whether an account is suspended or going is not for a guesser to learn.
    if (user.status === 'suspended') throw new AccountSuspendedError(user.statusReason);
    if (user.deletionRequestedAt !== null) throw new UnauthenticatedError(ACCOUNT_DELETED);
    return user;
  }

  createAccessToken(user: UserRecord): Promise<AccessToken> {
    return this.tokens.createAccessToken(user);
  }

  /**
   * Resolves a bearer token to its user and the token's expiry. The user is re-read, so that a deleted,
   * suspended or re-passworded account's tokens stop working at once.
   */
  async getSession(token: string): Promise<Session> {
    const { userId, expiresAt, tokenVersion } = await this.tokens.verifyToken(token);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthenticatedError(ACCOUNT_DELETED);
    if (user.status === 'suspended') throw new AccountSuspendedError(user.statusReason);
    if (user.deletionRequestedAt !== null) throw new UnauthenticatedError(ACCOUNT_DELETED);
    // The password changed (or was reset) since this token was issued: every session before it has ended.
    if (tokenVersion !== user.tokenVersion) throw new UnauthenticatedError('This session has ended: log in again.');
    return { user, expiresAt };
  }

  /**
   * The one answer to "may this account still use Hostbay?", asked by every
   * authenticated request and, again and again, by every open event stream.
   * It must exist, not be suspended and not be going (its deletion asked for).
   */
  async activeUser(userId: string): Promise<UserRecord | undefined> {
    const user = await this.users.findById(userId);
    return user && user.status !== 'suspended' && user.deletionRequestedAt === null ? user : undefined;
  }
}

const ACCOUNT_DELETED = 'This account has been deleted.';

/** Stores a prepared account; a duplicate the database finds (a race) is the same 409 as one found before. */
export async function insertAccount(users: UserRepository, user: NewUser): Promise<UserRecord> {
  try {
    return await users.insert(user);
  } catch (error) {
    if (error instanceof DuplicateUserError) throw error.field === 'email' ? emailTaken() : usernameTaken();
    throw error;
  }
}

function emailTaken(): ConflictError {
  return new ConflictError('An account with this email already exists.', ErrorCode.emailTaken, [
    { field: 'email', message: 'An account with this email already exists.' },
  ]);
}

function usernameTaken(): ConflictError {
  return new ConflictError('This username is taken.', ErrorCode.usernameTaken, [
    { field: 'username', message: 'This username is taken.' },
  ]);
}
