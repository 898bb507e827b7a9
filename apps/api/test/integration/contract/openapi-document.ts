import { z } from 'zod';

/**
 * The JSON Schema keywords the request generators understand. The schema is
 * strict: a keyword the API starts using that they do not know fails the
 * parse, naming it, rather than being generated as if it were not there.
 */
export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'null';
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  /** An annotation (what the server assumes when the field is left out): nothing for the generators to follow. */
  default?: unknown;
}

export const JsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.strictObject({
    type: z.enum(['object', 'string', 'integer', 'number', 'boolean', 'array', 'null']).optional(),
    description: z.string().optional(),
    nullable: z.boolean().optional(),
    enum: z.array(z.unknown()).min(1).optional(),
    allOf: z.array(JsonSchema).optional(),
    anyOf: z.array(JsonSchema).optional(),
    properties: z.record(z.string(), JsonSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.boolean().optional(),
    items: JsonSchema.optional(),
    minItems: z.number().int().optional(),
    maxItems: z.number().int().optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    pattern: z.string().optional(),
    format: z.string().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    default: z.unknown().optional(),
  }),
);

const Parameter = z.object({
  in: z.enum(['path', 'query', 'header', 'cookie']),
  name: z.string(),
  required: z.boolean().optional(),
  schema: JsonSchema,
});
export type Parameter = z.infer<typeof Parameter>;

const Operation = z.object({
  parameters: z.array(Parameter).optional(),
  requestBody: z
    .object({ required: z.boolean(), content: z.record(z.string(), z.object({ schema: JsonSchema })) })
    .optional(),
  responses: z.record(
    z.string(),
    z.object({
      description: z.string(),
      // Checked against answers with a JSON Schema validator, not generated from: any keyword may appear.
      content: z.record(z.string(), z.object({ schema: z.record(z.string(), z.unknown()) })).optional(),
    }),
  ),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
export type Operation = z.infer<typeof Operation>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The parts of the served OpenAPI document the contract tests read. */
export const OpenApiDocument = z.object({
  openapi: z.string().startsWith('3.'),
  paths: z.record(z.string(), z.partialRecord(z.enum(METHODS), Operation)),
  components: z.object({ responses: z.record(z.string(), z.unknown()) }),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Operation;
}

export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method: method.toUpperCase(), path, operation }] : [];
    }),
  );
}
