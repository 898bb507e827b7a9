import { standardResponse } from '@hostbay/contract/envelope';
import { AddDomainRequest, CustomDomain, DomainList, DomainName } from '@hostbay/contract/tls';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import type { DomainService } from '../../modules/tls/domain.service.js';

export interface DomainRoutesOptions {
  domains: DomainService;
}

const DomainParams = z.object({ domain: DomainName });
const notFound = errorResponses([404], {
  404: 'You have no hosting, or this is not one of its domains (`not_found`).',
});

/** Members' own domains for their hosting: /api/v1/hosting/my/domains (registered under /api/v1/hosting/my). */
export const domainRoutes: FastifyPluginAsyncZod<DomainRoutesOptions> = async (app, { domains }) => {
  app.get(
    '/domains',
    {
      config: { access: 'user' },
      schema: {
        tags: ['domains'],
        summary: 'Your hosting’s own domains: the DNS records to set and how far each is',
        response: { 200: standardResponse(DomainList), ...notFound },
      },
    },
    async (request) => ok(await domains.list(requireUser(request))),
  );

  app.post(
    '/domains',
    {
      config: { access: 'user', audit: 'hosting.domain_add' },
      schema: {
        tags: ['domains'],
        summary:
          'Add a domain to your hosting; set the DNS record it shows, and Hostbay routes it and obtains its certificate',
        body: AddDomainRequest,
        response: {
          201: standardResponse(CustomDomain),
          ...notFound,
          ...errorResponses([409], {
            409: 'Another hosting has this domain (`domain_taken`), or yours has as many as it may (`domain_limit`).',
          }),
        },
      },
    },
    async (request, reply) => {
      request.auditTarget = { kind: 'domain', id: request.body.domain, name: request.body.domain };
      const added = await domains.add(requireUser(request), request.body.domain);
      return reply.status(201).send(ok(added, `${added.domain} was added.`));
    },
  );

  app.post(
    '/domains/:domain/check',
    {
      config: { access: 'user', audit: 'hosting.domain_check' },
      schema: {
        tags: ['domains'],
        summary: 'Check a domain’s DNS now (after you set its record)',
        params: DomainParams,
        response: { 200: standardResponse(CustomDomain), ...notFound },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'domain', id: request.params.domain, name: request.params.domain };
      return ok(await domains.check(requireUser(request), request.params.domain));
    },
  );

  app.delete(
    '/domains/:domain',
    {
      config: { access: 'user', audit: 'hosting.domain_remove' },
      schema: {
        tags: ['domains'],
        summary: 'Remove a domain: its route and its certificate go; answers the domains left',
        params: DomainParams,
        response: { 200: standardResponse(DomainList), ...notFound },
      },
    },
    async (request) => {
      request.auditTarget = { kind: 'domain', id: request.params.domain, name: request.params.domain };
      const user = requireUser(request);
      await domains.remove(user, request.params.domain);
      return ok(await domains.list(user), `${request.params.domain} was removed.`);
    },
  );
};
