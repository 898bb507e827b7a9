import type { User } from '@hostbay/contract/user';
import type { UserRecord } from './user.repository.js';

/** What a user sees of their own account: never the password hash. */
export function presentUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    is_admin: user.isAdmin,
    status: user.status,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}
