import type { Config } from '../config/config.js';
import { dashboardUrl } from '../config/operators.js';
import { createTransactor } from '../db/transaction.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AuditLog, type AuditLogger } from '../modules/audit/audit-log.js';
import { AuditRepository } from '../modules/audit/audit.repository.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { BcryptPasswordHasher, type PasswordHasher } from '../modules/auth/password-hasher.js';
import { TokenService } from '../modules/auth/token.service.js';
import { InvitationRepository } from '../modules/invitations/invitation.repository.js';
import { InvitationService } from '../modules/invitations/invitation.service.js';
import { SignupService } from '../modules/signup/signup.service.js';
import { UserRepository } from '../modules/users/user.repository.js';

/** The database with the accounts on it: what both the server and the `user` commands start from. */
export interface Accounts {
  database: DatabaseHandle;
  users: UserRepository;
  auth: AuthService;
  audit: AuditLog;
  passwords: PasswordHasher;
  tokens: TokenService;
  signup: SignupService;
  invitations: InvitationService;
}

/** Opens and migrates the database and builds the account services over it. The caller closes `database`. */
/** `passwords`: a faster hasher for tests (bcrypt at a low cost); bcrypt at its normal cost otherwise. */
export async function composeAccounts(
  config: Config,
  log: AuditLogger,
  passwords: PasswordHasher = new BcryptPasswordHasher(),
): Promise<Accounts> {
  const database = openDatabase(config.database.url);
  try {
    await migrateToLatest(database.db);
    const users = new UserRepository(database.db);
    const tokens = new TokenService({
      secret: config.auth.jwtSecret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: config.auth.tokenTtlSeconds,
    });
    const auth = new AuthService(users, passwords, tokens);
    const audit = new AuditLog(new AuditRepository(database.db), log, config.operators.auditRetentionDays);
    const invitations = new InvitationService(
      new InvitationRepository(database.db),
      dashboardUrl({
        scheme: config.hosting.publicScheme,
        baseDomain: config.server.baseDomain,
        port: config.hosting.publicPort ?? config.server.port,
      }),
    );
    const signup = new SignupService({
      settings: config.operators.signup,
      siteDomain: config.server.baseDomain,
      auth,
      users,
      invitations,
      transaction: createTransactor(database.db, (db) => ({
        users: new UserRepository(db),
        invitations: new InvitationRepository(db),
      })),
    });
    return { database, users, auth, audit, passwords, tokens, signup, invitations };
  } catch (error) {
    await database.close();
    throw error;
  }
}
