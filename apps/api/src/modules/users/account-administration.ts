import { generatePassword } from './generated-password.js';
import { Email, Password, Username } from '@hostbay/contract/user';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditActor } from '../audit/audit.types.js';
import type { AuthService } from '../auth/auth.service.js';
import type { UserRecord, UserRepository } from './user.repository.js';

export interface NewAccountRequest {
  email: string;
  username: string;
  /** undefined: generate one, to be shown once. */
  password: string | undefined;
  isAdmin: boolean;
}

/**
 * What an operator does to accounts from the command line: make one (the
 * first admin among them: a sign-up never makes an admin), grant and revoke
 * admin. Each is in the audit log with the operator's login name as the actor.
 */
export class AccountAdministration {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Creates the account; the password is the one given, or a generated one returned here once. */
  async createAccount(
    request: NewAccountRequest,
    actor: AuditActor,
  ): Promise<{ user: UserRecord; generatedPassword: string | undefined }> {
    const generatedPassword = request.password === undefined ? generatePassword() : undefined;
    const account = parseAccount({ ...request, password: request.password ?? generatedPassword });
    const user = await this.auth.createUser({ ...account, isAdmin: request.isAdmin });
    await this.audit.record({
      actor,
      action: 'cli.user_create',
      target: { kind: 'user', id: user.id, name: user.username },
      result: 'ok',
      detail: { admin: request.isAdmin },
    });
    return { user, generatedPassword };
  }

  async setAdmin(email: string, isAdmin: boolean, actor: AuditActor): Promise<UserRecord> {
    const user = await this.users.findByEmail(email.trim());
    if (!user) throw new NotFoundError(`No account has the email ${email.trim()}.`);
    await this.users.setAdmin(user.id, isAdmin);
    await this.audit.record({
      actor,
      action: isAdmin ? 'cli.admin_grant' : 'cli.admin_revoke',
      target: { kind: 'user', id: user.id, name: user.username },
      result: 'ok',
    });
    return { ...user, isAdmin };
  }
}

/** The same rules as a sign-up, with every broken field named. */
function parseAccount(input: { email: string; username: string; password: string | undefined }) {
  const fields = { email: Email, username: Username, password: Password };
  const problems: { field: string; message: string }[] = [];
  const parsed: Record<string, string> = {};
  for (const [field, schema] of Object.entries(fields)) {
    const result = schema.safeParse(input[field as keyof typeof input]);
    if (result.success) parsed[field] = result.data;
    else problems.push({ field, message: result.error.issues[0]?.message ?? 'is not valid' });
  }
  if (problems.length > 0) throw new ValidationError('The account is not valid.', problems);
  return { email: parsed.email!, username: parsed.username!, password: parsed.password! };
}
