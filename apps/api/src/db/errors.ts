/** Which unique constraint a failed insert broke, or undefined when it was another error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  // PostgreSQL: SQLSTATE 23505 names the constraint or index.
  if (code === '23505' && typeof constraint === 'string') return constraint;
  // SQLite: "UNIQUE constraint failed: users.username" or "...: index 'users_email_lower_unique'".
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const text = String(message);
    return /index '([^']+)'/.exec(text)?.[1] ?? /failed: ([\w.]+(?:, [\w.]+)*)/.exec(text)?.[1] ?? text;
  }
  return undefined;
}
