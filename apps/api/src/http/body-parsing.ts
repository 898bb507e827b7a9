import { errorCodes, type FastifyInstance, type preParsingHookHandler, type RouteOptions } from 'fastify';

const JSON_TYPE = 'application/json';

/**
 * JSON bodies through Fastify's own parser (with its prototype-poisoning
 * checks), except that an empty body is no body. Clients send the JSON
 * content type on requests that carry nothing (`DELETE /hosting/my` from a
 * fetch wrapper that always sets it, `curl -H`); Fastify's parser refuses
 * those with a 400. A route that needs a body still gets none to validate,
 * and its schema answers that with a 422 naming the missing body.
 */
function parseJsonOrNothing(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(JSON_TYPE);
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString(), done);
  });
}

/**
 * A route takes its body in the content types its schema consumes (JSON unless
 * it says otherwise), and no other: without this, every route would also take
 * any body some parser understands (the OAuth2 login form's, say), which its
 * OpenAPI description does not promise and a client cannot rely on.
 */
function consumesOnly(route: RouteOptions): void {
  if (!route.schema?.body) return;
  const accepted: ReadonlySet<string> = new Set(route.schema.consumes ?? [JSON_TYPE]);
  const check: preParsingHookHandler = (request, _reply, payload, done) => {
    if (request.headers['content-type'] !== undefined && !accepted.has(request.mediaType ?? '')) {
      return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.mediaType));
    }
    done(null, payload);
  };
  route.preParsing = [...[route.preParsing ?? []].flat(), check];
}

/** Body parsing for every route. Register before the routes. */
export function registerBodyParsing(app: FastifyInstance): void {
  parseJsonOrNothing(app);
  app.addHook('onRoute', consumesOnly);
}
