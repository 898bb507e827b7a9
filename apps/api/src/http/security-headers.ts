import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

type Headers = Record<string, string>;

/** Pages: the dashboard and Swagger UI. */
const PAGE_POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Swagger UI sets inline styles and data: images.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  // HSTS is the edge's (HOSTBAY_TLS): it knows which names have a certificate. helmet's default carries
  // includeSubDomains, which over HTTPS on the base domain would lock visitors out of every member's
  // site still waiting for its own certificate.
  strictTransportSecurity: false,
};

/**
 * JSON answers of the API (OWASP's REST guidance): nothing may load, frame
 * or sniff them. The headers that only mean something for a document
 * (cross-origin isolation, DNS prefetch, IE's download and XSS switches)
 * are left off: each one is bytes on every `/me` poll for no effect.
 */
const API_POLICY: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  strictTransportSecurity: false,
};

/**
 * The headers helmet sets for a policy. Without a per-request nonce its
 * output is the same for every response, so it is asked once: running the
 * middleware on every request (as @fastify/helmet does, and rebuilding it
 * too) was the largest single cost of a `/me` call in bench/api.
 */
export function helmetHeaders(options: HelmetOptions): Headers {
  const headers: Headers = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/** API paths answer JSON; `/api/docs` is Swagger UI, a page. */
function isApiPath(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/** Each policy's headers, asked of helmet once (see helmetHeaders), on first use. */
let policies: { page: Headers; api: Headers } | undefined;

/** Sets the security headers and the request id on a response; returns the reply. */
export function setResponseHeaders(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  policies ??= { page: helmetHeaders(PAGE_POLICY), api: { ...helmetHeaders(API_POLICY), 'cache-control': 'no-store' } };
  reply.headers(isApiPath(request.url) ? policies.api : policies.page);
  return reply.header('x-request-id', request.id);
}

/** Security headers and the request id on every response. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    setResponseHeaders(request, reply);
    done();
  });
}
