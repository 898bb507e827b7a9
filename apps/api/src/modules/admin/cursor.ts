import { z } from 'zod';
import { ValidationError } from '../../errors.js';

/** Where a page ended: the last row's creation time and id (ties on the time are broken by the id). */
export interface Keyset {
  at: string;
  id: string;
}

const KeysetShape = z.object({ at: z.iso.datetime(), id: z.string().min(1).max(64) });

/** The cursor clients get: opaque (base64url of the keyset), so that its form may change. */
export function encodeCursor(keyset: Keyset | undefined): string | null {
  return keyset ? Buffer.from(JSON.stringify(keyset)).toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  try {
    return KeysetShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError('The cursor is not one a previous page gave.', [
      { field: 'after', message: 'expected the `next` value of a previous page' },
    ]);
  }
}

/** The cursor after a full page (a shorter page is the last one). */
export function nextCursor<T>(items: readonly T[], limit: number, keyset: (item: T) => Keyset): string | null {
  const last = items.at(-1);
  return items.length === limit && last !== undefined ? encodeCursor(keyset(last)) : null;
}
