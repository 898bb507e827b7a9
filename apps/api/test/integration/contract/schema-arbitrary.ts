import fc from 'fast-check';
import type { JsonSchema } from './openapi-document.js';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: values
 * a schema accepts, and values near them that it should not. No maintained
 * JSON-Schema-to-fast-check generator exists (json-schema-fast-check needs
 * fast-check 1), and the document uses few keywords, all of them here.
 */

/** Code points, as JSON Schema counts a string's length. */
const lengthOf = (value: string) => [...value].length;

/** A string's patterns: its own and those of an `allOf` (zod writes a second `.regex()` there). */
function patternsOf(schema: JsonSchema): RegExp[] {
  const parts = [schema, ...(schema.allOf ?? [])];
  for (const part of schema.allOf ?? []) {
    const extra = Object.keys(part).filter((key) => key !== 'type' && key !== 'pattern');
    if (extra.length > 0) throw new Error(`allOf with ${extra.join(', ')} is not generated`);
  }
  return parts.flatMap((part) => (part.pattern === undefined ? [] : [new RegExp(part.pattern, 'u')]));
}

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  'date-time': fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
};

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const patterns = patternsOf(schema);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (schema.format !== undefined && format === undefined) throw new Error(`format ${schema.format} is not generated`);
  const [first] = patterns;
  const base =
    first !== undefined
      ? fc.stringMatching(first, { size: 'small' })
      : (format ?? fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }));
  return base.filter(
    (value) => lengthOf(value) >= min && lengthOf(value) <= max && patterns.every((pattern) => pattern.test(value)),
  );
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(property)]));
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}

function validOfType(schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'object':
      return validObject(schema);
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum, max: schema.maximum });
    case 'number':
      return fc.double({ min: schema.minimum, max: schema.maximum, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? validValue(schema.items) : fc.jsonValue(), {
        minLength: schema.minItems,
        maxLength: schema.maxItems,
      });
    case undefined:
      if (schema.anyOf) return fc.oneof(...schema.anyOf.map(validValue));
      return fc.jsonValue();
  }
}

/** Values the schema accepts (the API may still refuse some: its rules go further than JSON Schema says). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const value = schema.enum ? fc.constantFrom(...schema.enum) : validOfType(schema);
  return schema.nullable ? fc.option(value, { nil: null, freq: 8 }) : value;
}

/** Strings that tend to break things: control characters, huge ones, other scripts, injections, nothing. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\r\n',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%00',
    '{{7*7}}',
    '${jndi:ldap://x}',
    '\uFEFF',
    '\uD800',
  ),
  fc.oneof(fc.nat({ max: 300 }), fc.nat({ max: 70_000 })).map((n) => 'a'.repeat(n)),
);

/** Any JSON, hostile strings included. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(null, true, 0, -1, 1e308, [], {}),
);

/** Values near the schema: one property wrong, missing or extra; the wrong type; anything at all. */
export function invalidValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  if (schema.type !== 'object' || keys.length === 0) return anyJson;
  const valid = validObject(schema);
  const required = schema.required ?? [];
  return fc.oneof(
    fc.tuple(valid, fc.constantFrom(...keys), anyJson).map(([value, key, junk]) => ({ ...value, [key]: junk })),
    ...(required.length > 0
      ? [
          fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
            const { [key]: _dropped, ...rest } = value;
            return rest;
          }),
        ]
      : []),
    fc.tuple(valid, fc.string(), anyJson).map(([value, key, junk]) => ({ ...value, [key]: junk })),
    anyJson,
  );
}
