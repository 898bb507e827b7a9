import { Readable } from 'node:stream';
import { AuditPage, AuditQueryParams } from '@hostbay/contract/admin';
import { DEFAULT_PAGE_SIZE } from '@hostbay/contract/pagination';
import { standardResponse } from '@hostbay/contract/envelope';
import { stringify } from 'csv-stringify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok } from '../../envelope.js';
import type { AuditLog } from '../../../modules/audit/audit-log.js';
import {
  AUDIT_CSV_COLUMNS,
  auditCsvRow,
  auditQueryOf,
  presentAuditEntry,
} from '../../../modules/audit/audit.presenter.js';
import { nextCursor } from '../../../modules/admin/cursor.js';

export interface AuditRoutesOptions {
  audit: AuditLog;
}

/** How many entries the export reads per query: memory stays flat however long the log is. */
const EXPORT_BATCH = 1000;

/** The audit log for admins: filtered pages, and the same filters as a CSV file. */
export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, { audit }) => {
  // '' rather than '/': the list lives at the prefix itself, and `<prefix>/` is not a second name for it.
  app.get(
    '',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Who did what, newest first: filter by actor, target, action, result and time',
        querystring: AuditQueryParams,
        response: { 200: standardResponse(AuditPage) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? DEFAULT_PAGE_SIZE;
      const records = await audit.list(auditQueryOf(request.query, limit));
      return ok({
        items: records.map(presentAuditEntry),
        next: nextCursor(records, limit, (record) => ({ at: record.at, id: String(record.id) })),
      });
    },
  );

  app.get(
    '/export.csv',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'The audit log as CSV, with the same filters (every matching entry, newest first)',
        querystring: AuditQueryParams.omit({ limit: true, after: true }),
        produces: ['text/csv'],
        // unknown, not string: the body is a stream of CSV text, which Fastify sends as it comes.
        response: { 200: z.unknown().describe('CSV with a header row: ' + AUDIT_CSV_COLUMNS.join(', ')) },
      },
    },
    async (request, reply) => {
      const filters = request.query;
      async function* entries() {
        let before: { at: string; id: number } | undefined;
        for (;;) {
          const batch = await audit.list({ ...auditQueryOf(filters, EXPORT_BATCH), before });
          for (const record of batch) yield auditCsvRow(record);
          const last = batch.at(-1);
          if (batch.length < EXPORT_BATCH || !last) return;
          before = { at: last.at, id: last.id };
        }
      }
      const csv = Readable.from(entries()).pipe(stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS] }));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="hostbay-audit.csv"')
        .send(csv);
    },
  );
};
