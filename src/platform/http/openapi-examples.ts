/**
 * Examples for the OpenAPI document, made from the schemas where an operation gives none: a
 * property's own `example` first, then its enum, format, or what its name says (`…At` is a time,
 * `…Id` a UUID). Every JSON body and answer so has an example valid against its schema, which
 * tools without Swagger UI's own generator (Redoc, Postman, fuzzers) can start from.
 */

type Schema = Record<string, any>;

const UUID = '7d3f1c2a-5b8e-4f60-9a1d-2c4e6f8a0b13';
const TIME = '2026-01-15T09:30:00.000Z';

/** Values for property names the platform uses everywhere, where the schema has no example of its own. */
const BY_NAME: Record<string, unknown> = {
  email: 'ada@example.com',
  password: 'correct horse battery staple',
  displayName: 'Ada Lovelace',
  name: 'City Bikes',
  slug: 'city-bikes',
  version: '1.0.0',
  currency: 'EUR',
  description: 'Bike stations near you, with the bikes free at each.',
  note: 'Dinner on Friday',
  category: 'mobility',
  locale: 'en-GB',
  scope: 'location',
  purpose: 'Show the bike stations near you',
  nextCursor: null,
};

export function exampleOf(schema: Schema | undefined, schemas: Record<string, Schema>, name = '', depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return exampleOf(schemas[String(schema.$ref).split('/').pop()!], schemas, name, depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part: Schema) => exampleOf(part, schemas, name, depth + 1)));
  if (schema.oneOf ?? schema.anyOf) return exampleOf((schema.oneOf ?? schema.anyOf)[0], schemas, name, depth + 1);
  if (schema.enum) return schema.enum[0];
  if (name in BY_NAME && (BY_NAME[name] !== null || schema.nullable)) return BY_NAME[name];
  switch (schema.type) {
    case 'object': {
      const example: Record<string, unknown> = {};
      for (const [key, property] of Object.entries<Schema>(schema.properties ?? {})) {
        const value = exampleOf(property, schemas, key, depth + 1);
        if (value !== undefined) example[key] = value;
      }
      return example;
    }
    case 'array': {
      const item = exampleOf(schema.items, schemas, name, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema, name);
    default:
      return undefined;
  }
}

function stringExample(schema: Schema, name: string): string | undefined {
  if (schema.format === 'binary') return undefined;
  if (schema.format === 'uuid' || /(^id|Id)$/.test(name)) return UUID;
  if (schema.format === 'date-time' || /At$/.test(name)) return TIME;
  if (schema.format === 'email') return BY_NAME.email as string;
  if (schema.format === 'uri' || schema.format === 'url' || /Url$/.test(name)) return 'https://example.com/';
  return name ? `${name} example` : 'example';
}
