import { z } from 'zod';

/** A page of a list, newest first: `next` is the cursor for the following page, null on the last one. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/** An opaque keyset cursor, as `next` gave it. */
export const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a cursor from a previous page');

/** Entries per page, 1 to 100; DEFAULT_PAGE_SIZE when absent. */
export const PageSize = z.coerce.number().int().min(1).max(100).optional();
export const DEFAULT_PAGE_SIZE = 25;
