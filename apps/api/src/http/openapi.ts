import { ErrorResponse } from '@hostbay/contract/envelope';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The parts of the generated OpenAPI 3.0 document that completeDocument reads or changes. */
interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: { nullable?: boolean } }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, unknown> };
}

const JSON_TYPE = 'application/json';

const envelope = { [JSON_TYPE]: { schema: z.toJSONSchema(ErrorResponse, { target: 'openapi-3.0', io: 'output' }) } };

/**
 * Answers no operation gives, because they come before one is chosen: they are
 * listed once here, and named in the document's description.
 */
const ROUTING_RESPONSES = {
  NotFound: { description: 'Nothing is routed at this path (`not_found`).', content: envelope },
  MethodNotAllowed: {
    description:
      'The path is routed, but not for this method (`method_not_allowed`); `Allow` lists the methods it takes. ' +
      'HEAD goes wherever GET does.',
    headers: {
      Allow: { description: 'The methods the path takes, e.g. `DELETE, GET, HEAD`.', schema: { type: 'string' } },
    },
    content: envelope,
  },
  BadRequest: {
    description:
      'Status 400: the URL cannot be decoded, e.g. a stray `%` (`invalid_url`), or the request is not HTTP (`bad_request`).',
    content: envelope,
  },
  RequestTimeout: {
    description: 'Status 408: the request head did not arrive in time (`request_timeout`).',
    content: envelope,
  },
  HeadersTooLarge: {
    description: 'Status 431: the URL and headers are over 16 KiB (`headers_too_large`).',
    content: envelope,
  },
};

/**
 * What the per-route transform cannot say: the answers that come before any
 * operation (ROUTING_RESPONSES); that an error answer is the JSON envelope even
 * where the route streams something else (the event stream); and that a body
 * whose schema takes null may be left out (Fastify validates a missing body as
 * null, while @fastify/swagger marks every body required); and that a
 * nullable enum takes null (OpenAPI 3.0.3: `nullable` does not admit null
 * into an `enum` that lacks it).
 */
function completeDocument(document: Document): Document {
  document.components = { ...document.components, responses: ROUTING_RESPONSES };
  admitNullIntoNullableEnums(document.paths);
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody;
      if (body && Object.values(body.content ?? {}).every((media) => media.schema?.nullable === true)) {
        body.required = false;
      }
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = Number(status) >= 400 ? Object.values(response.content ?? {})[0]?.schema : undefined;
        if (schema !== undefined) response.content = { [JSON_TYPE]: { schema } };
      }
    }
  }
  return document;
}

function admitNullIntoNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) admitNullIntoNullableEnums(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as { nullable?: unknown; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema.enum = [...schema.enum, null];
  }
  for (const value of Object.values(node)) admitNullIntoNullableEnums(value);
}

/** OpenAPI generated from the same zod schemas that validate requests; Swagger UI at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Hostbay API',
        version: '1',
        description:
          'Self-service web hosting. Every response is a StandardResponse: {success, message, data, error}; ' +
          'every error answer has `data: null` and a stable `error.code`. Each operation lists every status it ' +
          'gives. Before any operation is chosen, a path that is not routed answers 404 (`NotFound`), a method ' +
          'the path does not take 405 with `Allow` (`MethodNotAllowed`), a URL that cannot be decoded 400 ' +
          '(`BadRequest`), and a request whose head is too large or too slow 431 or 408: see `components.responses`.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'oauth2',
            flows: { password: { tokenUrl: '/api/v1/auth/login', scopes: {} } },
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    // The generator's document type is a union of every OpenAPI version; this one is 3.0 (the plugin's default).
    transformObject: (input) =>
      'openapiObject' in input ? completeDocument(input.openapiObject as Document) : input.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { persistAuthorization: true } });
}
