import { userInfo } from 'node:os';
import { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { composeAccounts } from '../../composition/compose-accounts.js';
import { AppError, ValidationError } from '../../errors.js';
import type { AuditActor } from '../../modules/audit/audit.types.js';
import { AccountAdministration } from '../../modules/users/account-administration.js';
import { out } from '../output.js';

/** The operator at this terminal, as the audit log names them. */
function operator(): AuditActor {
  return { kind: 'cli', name: userInfo().username };
}

/** Runs one account operation on the configured database, printing a refusal as one clear line. */
async function withAccounts(work: (accounts: AccountAdministration) => Promise<void>): Promise<void> {
  const config = await loadConfig();
  const { database, users, auth, audit } = await composeAccounts(config, {
    error: (details, message) => out.error(`${message} ${JSON.stringify(details)}`),
  });
  try {
    await work(new AccountAdministration(auth, users, audit));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields =
      error instanceof ValidationError && Array.isArray(error.details)
        ? (error.details as { field: string; message: string }[]).map((d) => `\n  ${d.field}: ${d.message}`).join('')
        : '';
    out.error(`${error.message}${fields}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: what `echo` or a password manager pipes in, without its newline.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const create = new Command('create')
  .description('make an account (with --admin: an administrator; the first one comes from here)')
  .requiredOption('--email <email>', 'the email the person logs in with')
  .requiredOption('--username <username>', 'their username: the site name and the login on their machine')
  .option('--admin', 'make them an administrator', false)
  .option('--password-stdin', 'read the password from standard input instead of generating one', false)
  .action(async (options: { email: string; username: string; admin: boolean; passwordStdin: boolean }) => {
    const password = options.passwordStdin ? await readStdin() : undefined;
    await withAccounts(async (accounts) => {
      const { user, generatedPassword } = await accounts.createAccount(
        { email: options.email, username: options.username, password, isAdmin: options.admin },
        operator(),
      );
      out.info(`Created ${user.isAdmin ? 'administrator' : 'member'} ${user.username} <${user.email}>.`);
      if (generatedPassword) out.info(`Password (shown once, pass it on safely): ${generatedPassword}`);
    });
  });

const grant = new Command('grant-admin')
  .description('make an existing account an administrator')
  .argument('<email>', 'the account’s email')
  .action(async (email: string) => {
    await withAccounts(async (accounts) => {
      const user = await accounts.setAdmin(email, true, operator());
      out.info(`${user.username} <${user.email}> is an administrator.`);
    });
  });

const revoke = new Command('revoke-admin')
  .description('make an administrator a member again')
  .argument('<email>', 'the account’s email')
  .action(async (email: string) => {
    await withAccounts(async (accounts) => {
      const user = await accounts.setAdmin(email, false, operator());
      out.info(`${user.username} <${user.email}> is a member, no longer an administrator.`);
    });
  });

export const userCommand = new Command('user')
  .description('manage accounts from the command line: the first administrator, granting and revoking admin')
  .addCommand(create)
  .addCommand(grant)
  .addCommand(revoke);

/** What `up` and `serve` say while no administrator exists. */
export const FIRST_ADMIN_HINT =
  'No administrator yet. Make the first one: ./hostbay user create --admin --email you@example.org --username you';
