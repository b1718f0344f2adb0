import type { JSONSchemaProps } from '@kubekit/core';
import { z } from 'zod';
import { CrdError } from './errors.js';

type Json = Record<string, unknown>;

/** Zod types that have no structural-schema form, with what to use instead. */
const UNSUPPORTED: Record<string, string> = {
  date: 'a date; use z.iso.datetime() (a string with format date-time)',
  bigint: 'a bigint; use z.number().int()',
  map: 'a Map; use z.record(z.string(), ...)',
  set: 'a Set; use k8s.listType(z.array(...), "set")',
  tuple: 'a tuple; use an object or an array of one item type',
  symbol: 'a symbol',
  undefined: 'undefined',
  void: 'void',
  never: 'never',
  nan: 'NaN',
  function: 'a function',
  promise: 'a promise',
  custom: 'a custom (z.custom / z.instanceof) schema',
  transform: 'a transform without an input schema',
  file: 'a file',
};

/** Keys of `JSONSchemaProps` the API server knows; anything else from zod is refused. */
const KNOWN = new Set([
  'type',
  'description',
  'title',
  'format',
  'default',
  'nullable',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'example',
  'externalDocs',
]);

/** JSON Schema keys zod may emit that carry nothing the API server checks; dropped. */
const DROPPED = new Set(['$schema', 'id', '$id', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'propertyNames']);

/** Formats the API server validates itself; zod's own regex for them is dropped in their favour. */
const SERVER_FORMATS = new Set(['date-time', 'date', 'email', 'uuid', 'ipv4', 'ipv6', 'uri', 'hostname', 'byte']);

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Turns a zod schema into a Kubernetes structural OpenAPI v3 schema: `z.toJSONSchema()` (OpenAPI
 * 3.0 target, input side, so fields with defaults are optional) and then the rules of structural
 * schemas: a `type` on every node, `nullable` instead of null unions, unions only as enums of
 * literals or int-or-string, `additionalProperties` only for maps, no `$ref`.
 *
 * @param path where the schema sits, for error messages (e.g. `spec`). @default ''
 * @throws CrdError `UnsupportedSchema` naming the field of a construct Kubernetes cannot express.
 */
export function toStructuralSchema(schema: z.ZodType, path = ''): JSONSchemaProps {
  let json: Json;
  try {
    json = z.toJSONSchema(schema, {
      target: 'openapi-3.0',
      io: 'input',
      unrepresentable: 'any',
      cycles: 'throw',
      reused: 'inline',
      override: (ctx) => checkZodNode(ctx.zodSchema as unknown as z.ZodType, joinPath(path, ctx.path)),
    }) as Json;
  } catch (err) {
    if (err instanceof CrdError) throw err;
    throw new CrdError('UnsupportedSchema', `${where(path)}: ${(err as Error).message}`, { cause: err, path });
  }
  return convert(json, path);
}

function checkZodNode(schema: z.ZodType, path: string): void {
  const def = schema._zod.def as { type: string; keyType?: z.ZodType; checks?: Array<{ _zod: { def: unknown } }> };
  const what = UNSUPPORTED[def.type];
  if (what) throw unsupported(path, `${what} has no Kubernetes schema`);
  for (const check of def.checks ?? []) {
    const { format, pattern } = check._zod.def as { format?: string; pattern?: RegExp };
    if (format === 'regex' && pattern) checkPattern(pattern, path);
  }
  if (def.type === 'record' && def.keyType) {
    const keyType = (def.keyType._zod.def as { type: string }).type;
    if (keyType !== 'string') {
      throw unsupported(path, `a record's keys must be plain strings (z.string()), not ${keyType}`);
    }
  }
}

/** RE2, which the API server runs patterns with, has no regex flags, lookaround or backreferences. */
function checkPattern(pattern: RegExp, path: string): void {
  if (pattern.flags.replace(/[gu]/g, '') !== '') {
    throw unsupported(
      path,
      `the regex /${pattern.source}/${pattern.flags} has flags; Kubernetes patterns have none (write (?i) into the pattern)`,
    );
  }
  if (/\(\?<?[=!]|\\[1-9]/.test(pattern.source)) {
    throw unsupported(
      path,
      `the regex /${pattern.source}/ uses lookaround or a backreference, which Kubernetes (RE2) does not support`,
    );
  }
}

function convert(node: Json, path: string): JSONSchemaProps {
  if (typeof node.$ref === 'string') throw unsupported(path, 'a recursive schema has no Kubernetes schema');
  let n: Json = { ...node };
  const valueValidations = takeValueValidations(n);
  if (Array.isArray(n.anyOf) || Array.isArray(n.oneOf)) n = convertUnion(n, path);
  if (Array.isArray(n.allOf)) n = convertAllOf(n, path);
  if (n.not !== undefined) throw unsupported(path, 'z.never() / not has no structural form; use a CEL rule');
  Object.assign(n, valueValidations);
  if ('const' in n) {
    n.enum = [n.const];
    delete n.const;
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(n)) {
    if (DROPPED.has(key)) continue;
    if (!KNOWN.has(key)) throw unsupported(path, `the JSON Schema keyword "${key}" has no Kubernetes equivalent`);
    out[key] = value;
  }
  if (out.enum && !out.type) out.type = typeOfEnum(out.enum as unknown[], path);
  if (out.enum) out.enum = (out.enum as unknown[]).filter((v) => v !== null);
  if (out.type === 'integer') {
    if (out.minimum === -SAFE) delete out.minimum;
    if (out.maximum === SAFE) delete out.maximum;
  }
  if (typeof out.format === 'string' && SERVER_FORMATS.has(out.format)) delete out.pattern;
  if (typeof out.pattern === 'string') out.pattern = plainPattern(out.pattern);
  if (out.type === 'object' || out.properties || out.additionalProperties !== undefined) {
    convertObject(out, path);
  } else if (out.type === 'array') {
    convertArray(out, path);
  } else if (!out.type && !out['x-kubernetes-int-or-string']) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out as JSONSchemaProps;
}

function convertObject(out: Json, path: string): void {
  out.type = 'object';
  const properties = out.properties as Record<string, Json> | undefined;
  const additional = out.additionalProperties as Json | boolean | undefined;
  delete out.additionalProperties;
  if (properties) {
    const converted: Record<string, JSONSchemaProps> = {};
    for (const [name, child] of Object.entries(properties)) converted[name] = convert(child, joinField(path, name));
    out.properties = converted;
    if (Object.keys(converted).length === 0) delete out.properties;
    if ((out.required as string[] | undefined)?.length === 0) delete out.required;
  }
  if (additional === undefined || additional === false) return;
  if (additional === true || Object.keys(additional).length === 0) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
    return;
  }
  if (out.properties) {
    throw unsupported(path, 'an object cannot have both declared fields and typed extra keys (z.object().catchall())');
  }
  delete out.required;
  out.additionalProperties = convert(additional, `${path}{}`);
}

function convertArray(out: Json, path: string): void {
  const items = out.items as Json | Json[] | undefined;
  if (items === undefined || Array.isArray(items)) throw unsupported(path, 'an array needs one item schema');
  out.items = convert(items, `${path}[]`);
  const listType = out['x-kubernetes-list-type'];
  const keys = out['x-kubernetes-list-map-keys'] as string[] | undefined;
  if (listType === 'map') {
    const item = out.items as JSONSchemaProps;
    for (const key of keys ?? []) {
      if (!item.properties?.[key]) throw unsupported(path, `list map key "${key}" is not a field of the items`);
      if (!item.required?.includes(key) && item.properties[key]?.default === undefined) {
        throw unsupported(path, `list map key "${key}" must be required or have a default`);
      }
    }
  }
}

/**
 * Takes out `anyOf` / `oneOf` / `allOf` / `not` given through `.meta()` as value validations: branches
 * without `type`, e.g. `oneOf: [{ required: ['a'] }, { required: ['b'] }]`. Kubernetes accepts these
 * as they are, beside the structural part of the schema.
 */
function takeValueValidations(n: Json): Json {
  const taken: Json = {};
  for (const key of ['anyOf', 'oneOf', 'allOf', 'not'] as const) {
    const value = n[key];
    const branches = Array.isArray(value) ? (value as Json[]) : value === undefined ? [] : [value as Json];
    if (branches.length > 0 && branches.every((b) => isValueValidation(b))) {
      taken[key] = value;
      delete n[key];
    }
  }
  return taken;
}

function isValueValidation(b: Json): boolean {
  return (
    ['required', 'properties', 'minProperties', 'maxProperties', 'not', 'anyOf', 'oneOf', 'allOf'].some(
      (k) => k in b,
    ) &&
    !('type' in b) &&
    !('enum' in b) &&
    !('const' in b)
  );
}

/** zod writes a RegExp's `source`, where `/` is escaped; Kubernetes patterns spell it plainly. */
function plainPattern(pattern: string): string {
  return pattern.replace(/(?<!\\)\\\//g, '/');
}

/** zod writes several `.regex()` checks as `allOf` branches; Kubernetes takes them without `type`. */
function convertAllOf(n: Json, path: string): Json {
  const branches = n.allOf as Json[];
  const plain = branches.every(
    (b) => Object.keys(b).every((k) => k === 'type' || k === 'pattern') && (b.type === undefined || b.type === n.type),
  );
  if (!plain) throw unsupported(path, 'an intersection that is not one object has no structural form');
  const patterns = branches.filter((b) => typeof b.pattern === 'string');
  return { ...n, allOf: patterns.map((b) => ({ pattern: plainPattern(b.pattern as string) })) };
}

function convertUnion(n: Json, path: string): Json {
  const branches = ((n.anyOf ?? n.oneOf) as Json[]).map((b) => ({ ...b }));
  const { anyOf: _a, oneOf: _o, ...rest } = n;
  const isNull = (b: Json) => b.type === 'null' || (Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === null);
  const nullable = branches.some(isNull);
  const values = branches.filter((b) => !isNull(b));
  const base: Json = nullable ? { ...rest, nullable: true } : rest;
  if (values.length === 1) return { ...(values[0] as Json), ...base };
  if (values.every((b) => Array.isArray(b.enum) || 'const' in b)) {
    const enums = values.flatMap((b) => (Array.isArray(b.enum) ? b.enum : [b.const]));
    return { ...base, type: typeOfEnum(enums, path), enum: enums };
  }
  const types = values.map((b) => b.type).sort();
  if (values.length === 2 && types[1] === 'string' && (types[0] === 'integer' || types[0] === 'number')) {
    return { ...base, 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  }
  throw unsupported(
    path,
    'a union other than literals or integer-or-string has no structural form; use one object with optional fields and a CEL rule',
  );
}

function typeOfEnum(values: unknown[], path: string): string {
  const types = new Set(
    values
      .filter((v) => v !== null)
      .map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)),
  );
  if (types.has('number')) types.delete('integer');
  if (types.size !== 1) throw unsupported(path, `an enum mixes value types (${[...types].join(', ')})`);
  const [type] = types;
  if (type !== 'string' && type !== 'integer' && type !== 'number' && type !== 'boolean') {
    throw unsupported(path, `an enum of ${type} values has no Kubernetes schema`);
  }
  return type;
}

function unsupported(path: string, message: string): CrdError {
  return new CrdError('UnsupportedSchema', `${where(path)}: ${message}`, { path });
}

function where(path: string): string {
  return path === '' ? 'the schema root' : `field ${path}`;
}

function joinField(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** A JSON Schema path from zod (`['properties','a','items']`) as a field path (`a[]`). */
function joinPath(base: string, jsonPath: readonly (string | number)[]): string {
  let out = base;
  for (let i = 0; i < jsonPath.length; i++) {
    const step = jsonPath[i];
    if (step === 'properties') out = joinField(out, String(jsonPath[++i]));
    else if (step === 'items') out = `${out}[]`;
    else if (step === 'additionalProperties') out = `${out}{}`;
  }
  return out;
}
