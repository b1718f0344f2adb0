import type { KubeObject, UnstructuredObject } from '@kubekit/core';
import { z } from 'zod';
import { CrdError } from './errors.js';
import { encodeWith, parseWith } from './parseWith.js';
import { objectMetaSchema, type ResourceDescriptor } from './resourceDescriptor.js';

/** How one core-group kind with a `data` map differs between its wire form and its typed form. */
export interface BuiltinViewOptions {
  kind: string;
  plural: string;
  /** The declared `data` keys. */
  data: z.ZodObject;
  /** Top-level fields besides apiVersion, kind, metadata, data and immutable. */
  fields: z.ZodRawShape;
  /** The wire object made ready for the schema (e.g. base64 decoded); throws a `CrdError` naming the field. */
  decode: (wire: Record<string, unknown>) => Record<string, unknown>;
  /** One `data` value, already a string, as the wire form keeps it (e.g. base64 encoded). */
  encodeValue: (value: string) => string;
}

/**
 * The descriptor of a namespaced core-group (`v1`) kind whose `data` is declared with zod. `data`
 * keys the schema does not declare are kept as they are (so an update through the view never drops
 * them); other undeclared top-level fields are dropped on decode, like a custom resource's.
 */
export function builtinView<T extends KubeObject>(options: BuiltinViewOptions): ResourceDescriptor<T> {
  const { kind, plural, decode, encodeValue } = options;
  const data = options.data.loose();
  const shape: z.ZodRawShape = {
    apiVersion: z.literal('v1').default('v1'),
    kind: z.literal(kind).default(kind),
    metadata: objectMetaSchema.default({}),
    ...options.fields,
    data,
    immutable: z.boolean().optional(),
  };
  const schema = z.object(shape) as unknown as z.ZodType<T>;
  return {
    apiVersion: 'v1',
    kind,
    group: '',
    version: 'v1',
    plural,
    namespaced: true,
    scope: 'Namespaced',
    schema,
    decode: (obj) => {
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        throw new CrdError('InvalidObject', `invalid ${kind}: not an object`);
      }
      return parseWith(schema, decode(obj as Record<string, unknown>), kind);
    },
    encode: (obj) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
        if (key === 'data') out.data = encodeData(value, options.data.shape, encodeValue, kind);
        else if (key === 'metadata' || value === undefined || value === null || !(key in shape)) out[key] = value;
        else out[key] = encodeWith(shape[key] as z.ZodType, value, kind, key);
      }
      return out as UnstructuredObject;
    },
  };
}

/**
 * `data` as the API server keeps it: each declared value through its schema backwards (codecs such
 * as `z.stringbool()` turn back into strings), then strings as they are and anything else as JSON,
 * through `toWire`. `null` stays (a merge patch deletes the key with it).
 */
function encodeData(
  data: unknown,
  declared: z.ZodRawShape,
  toWire: (value: string) => string,
  kind: string,
): Record<string, string | null> | null | undefined {
  if (data === null || data === undefined) return data;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CrdError('InvalidObject', `cannot encode ${kind}: data is not an object`, { path: 'data' });
  }
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if (value === null) {
      out[key] = null;
      continue;
    }
    const schema = declared[key] as z.ZodType | undefined;
    const encoded = schema ? encodeWith(schema, value, kind, `data.${key}`) : value;
    out[key] = toWire(typeof encoded === 'string' ? encoded : JSON.stringify(encoded));
  }
  return out;
}
