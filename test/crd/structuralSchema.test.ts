import { describe, expect, it } from '@jest/globals';
import { isCrdError, k8s, toStructuralSchema } from '@kubekit/crd';
import { z } from 'zod';
import { thrown } from '../support/thrown.js';

describe('toStructuralSchema', () => {
  it('gives objects, scalars and arrays a type on every node, with their constraints', () => {
    const schema = z.object({
      name: z
        .string()
        .min(1)
        .max(63)
        .regex(/^[a-z]+\/[a-z]+$/),
      replicas: z.number().int().min(0).max(5),
      ratio: z.number().gt(0).lt(1).multipleOf(0.25),
      enabled: z.boolean(),
      tags: z.array(z.string()).min(1).max(3),
    });
    expect(toStructuralSchema(schema)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z]+/[a-z]+$' },
        replicas: { type: 'integer', minimum: 0, maximum: 5 },
        ratio: {
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 1,
          exclusiveMaximum: true,
          multipleOf: 0.25,
        },
        enabled: { type: 'boolean' },
        tags: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string' } },
      },
      required: ['name', 'replicas', 'ratio', 'enabled', 'tags'],
    });
  });

  it('leaves optional fields and fields with defaults out of required, and keeps the defaults', () => {
    const schema = z.object({ a: z.string().optional(), b: z.number().int().default(2), c: z.string() });
    expect(toStructuralSchema(schema)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'integer', default: 2 }, c: { type: 'string' } },
      required: ['c'],
    });
  });

  it('writes enums, literals and unions of literals as a typed enum', () => {
    const schema = z.object({
      mode: z.enum(['a', 'b']),
      fixed: z.literal('x'),
      either: z.union([z.literal('p'), z.literal('q')]),
      level: z.union([z.literal(1), z.literal(2)]),
    });
    expect(toStructuralSchema(schema).properties).toEqual({
      mode: { type: 'string', enum: ['a', 'b'] },
      fixed: { type: 'string', enum: ['x'] },
      either: { type: 'string', enum: ['p', 'q'] },
      level: { type: 'integer', enum: [1, 2] },
    });
  });

  it('writes nullable instead of a null type, for scalars, objects and unions with null', () => {
    const schema = z.object({
      a: z.string().nullable(),
      b: z.object({ x: z.string() }).nullable(),
      c: z.union([z.number().int(), z.null()]),
    });
    expect(toStructuralSchema(schema).properties).toEqual({
      a: { type: 'string', nullable: true },
      b: { type: 'object', nullable: true, properties: { x: { type: 'string' } }, required: ['x'] },
      c: { type: 'integer', nullable: true },
    });
  });

  it('writes maps as additionalProperties, and unknown values and loose objects as preserved', () => {
    const schema = z.object({
      labels: z.record(z.string(), z.string()),
      anything: z.unknown(),
      raw: k8s.preserveUnknownFields(),
      loose: z.looseObject({ known: z.string().optional() }),
      kept: k8s.preserveUnknownFields(z.object({ kind: z.string().optional() })),
    });
    expect(toStructuralSchema(schema).properties).toEqual({
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      anything: { 'x-kubernetes-preserve-unknown-fields': true },
      raw: { 'x-kubernetes-preserve-unknown-fields': true },
      loose: {
        type: 'object',
        properties: { known: { type: 'string' } },
        'x-kubernetes-preserve-unknown-fields': true,
      },
      kept: { type: 'object', properties: { kind: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
    });
  });

  it('turns integer-or-string unions into x-kubernetes-int-or-string, with or without the helper', () => {
    const expected = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    expect(toStructuralSchema(k8s.intOrString())).toEqual(expected);
    expect(toStructuralSchema(z.union([z.number().int(), z.string()]))).toEqual(expected);
  });

  it('keeps descriptions, formats the server checks (without zod regex), and drops safe-integer bounds', () => {
    const schema = z.object({
      at: z.iso.datetime().describe('when'),
      mail: z.email(),
      id: z.uuid(),
      count: z.number().int(),
    });
    expect(toStructuralSchema(schema).properties).toEqual({
      at: { type: 'string', format: 'date-time', description: 'when' },
      mail: { type: 'string', format: 'email' },
      id: { type: 'string', format: 'uuid' },
      count: { type: 'integer' },
    });
  });

  it('carries CEL rules, list types and map types from the k8s helpers, adding rules to existing ones', () => {
    const item = z.object({ name: z.string(), port: z.number().int() });
    const schema = z.object({
      ports: k8s.listType(z.array(item), 'map', ['name']),
      ids: k8s.listType(z.array(z.string()), 'set'),
      ref: k8s.mapType(z.object({ name: z.string() }), 'atomic'),
      owner: k8s.validate(k8s.validate(z.string(), 'self.size() > 0'), {
        rule: 'self == oldSelf',
        message: 'owner is immutable',
        reason: 'FieldValueForbidden',
      }),
    });
    const props = toStructuralSchema(schema).properties;
    expect(props?.ports).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(props?.ids).toMatchObject({ 'x-kubernetes-list-type': 'set' });
    expect(props?.ref).toMatchObject({ 'x-kubernetes-map-type': 'atomic' });
    expect(props?.owner?.['x-kubernetes-validations']).toEqual([
      { rule: 'self.size() > 0' },
      { rule: 'self == oldSelf', message: 'owner is immutable', reason: 'FieldValueForbidden' },
    ]);
  });

  it('writes several regexes as an allOf of patterns, and keeps value validations given through meta', () => {
    const schema = z.object({
      code: z
        .string()
        .regex(/^[a-z]+$/)
        .regex(/^.{2,8}$/),
      source: z
        .object({ git: z.string().optional(), oci: z.string().optional() })
        .meta({ oneOf: [{ required: ['git'] }, { required: ['oci'] }] }),
    });
    expect(toStructuralSchema(schema).properties).toEqual({
      code: { type: 'string', allOf: [{ pattern: '^[a-z]+$' }, { pattern: '^.{2,8}$' }] },
      source: {
        type: 'object',
        properties: { git: { type: 'string' }, oci: { type: 'string' } },
        oneOf: [{ required: ['git'] }, { required: ['oci'] }],
      },
    });
  });

  it.each([
    ['a regex with flags', z.object({ s: z.string().regex(/abc/i) }), 's', 'write (?i) into the pattern'],
    ['a regex with lookahead', z.object({ s: z.string().regex(/^(?!x)/) }), 's', 'lookaround'],
    ['a date', z.object({ spec: z.object({ when: z.date() }) }), 'spec.when', 'z.iso.datetime()'],
    ['a bigint', z.object({ n: z.bigint() }), 'n', 'bigint'],
    ['a tuple', z.object({ pair: z.tuple([z.string(), z.number()]) }), 'pair', 'tuple'],
    ['a Map', z.object({ m: z.map(z.string(), z.string()) }), 'm', 'Map'],
    ['a Set', z.object({ s: z.array(z.set(z.string())) }), 's[]', 'Set'],
    [
      'a union of objects',
      z.object({ src: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) }),
      'src',
      'union',
    ],
    ['a record with enum keys', z.object({ r: z.record(z.enum(['a', 'b']), z.string()) }), 'r', 'plain strings'],
    ['a string-or-boolean union', z.object({ x: z.union([z.string(), z.boolean()]) }), 'x', 'union'],
    [
      'fields beside typed extra keys',
      z.object({ o: z.object({ a: z.string() }).catchall(z.number()) }),
      'o',
      'both declared fields and typed extra keys',
    ],
    [
      'a list map key that is not a field',
      z.object({ l: k8s.listType(z.array(z.object({ a: z.string() })), 'map', ['b']) }),
      'l',
      '"b"',
    ],
    [
      'an optional list map key',
      z.object({ l: k8s.listType(z.array(z.object({ a: z.string().optional() })), 'map', ['a']) }),
      'l',
      'required or have a default',
    ],
  ])('refuses %s with an UnsupportedSchema error naming the field', (_what, schema, path, hint) => {
    const err = thrown(() => toStructuralSchema(schema));
    expect(isCrdError(err, 'UnsupportedSchema')).toBe(true);
    expect(err).toMatchObject({ path });
    expect((err as Error).message).toContain(`field ${path}`);
    expect((err as Error).message).toContain(hint);
  });

  it('refuses a recursive schema, naming where it starts', () => {
    interface Node {
      children: Node[];
    }
    const node: z.ZodType<Node> = z.lazy(() => z.object({ children: z.array(node) }));
    const err = thrown(() => toStructuralSchema(z.object({ tree: node }), 'spec'));
    expect(isCrdError(err, 'UnsupportedSchema')).toBe(true);
    expect((err as Error).message).toMatch(/^(field spec|the schema root)/);
  });

  it('prefixes paths with the path it is given', () => {
    const err = thrown(() => toStructuralSchema(z.object({ items: z.array(z.object({ at: z.date() })) }), 'spec'));
    expect(err).toMatchObject({ reason: 'UnsupportedSchema', path: 'spec.items[].at' });
  });
});
