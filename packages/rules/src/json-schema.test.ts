import { describe, expect, it } from 'vitest';
import { compileSchema } from './json-schema.js';

describe('compileSchema', () => {
  it('compiles a schema with an $id once, and finds it again by it', () => {
    const schema = {
      $id: 'urn:virt-alias:test:one',
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a'],
    };
    expect(compileSchema(schema)({})).toBe(false);
    // A second Ajv `compile` of the same `$id` would throw "already exists".
    const again = compileSchema({ ...schema });
    expect(again({ a: 1 })).toBe(true);
  });

  it('reports every error and allows union types', () => {
    const validate = compileSchema({
      type: 'object',
      properties: { a: { type: ['string', 'null'] }, b: { type: 'number' } },
    });
    expect(validate({ a: null, b: 1 })).toBe(true);
    expect(validate({ a: 1, b: 'x' })).toBe(false);
    expect(validate.errors).toHaveLength(2);
  });

  it('is strict: an unknown keyword is a mistake in the schema, not ignored', () => {
    expect(() => compileSchema({ type: 'object', propertys: {} })).toThrow(/unknown keyword/);
  });
});
