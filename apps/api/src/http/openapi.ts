import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI generated from the same zod schemas that validate requests; Swagger UI at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Hostbay API',
        version: '1',
        description: 'Self-service web hosting. Every response is a StandardResponse: {success, message, data, error}.',
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
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { persistAuthorization: true } });
}
