import { standardResponse } from '@hostbay/contract/envelope';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ok } from '../envelope.js';

const Health = z.object({ status: z.literal('ok') });

/** Liveness for the launcher, the edge and tests. Cheap on purpose: no database call. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['meta'], summary: 'Liveness', response: { 200: standardResponse(Health) } },
    },
    async () => ok({ status: 'ok' as const }),
  );
};
