import { z } from 'zod';
import { CrdError } from './errors.js';
import { encodeWith, parseWith } from './parseWith.js';
import type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';

/** The metadata schema of built-in views: what is declared is checked, the rest kept. */
export const VIEW_METADATA = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
}) as unknown as z.ZodType<ObjectMeta>;

/** One `data` value as the string the API server keeps: strings as they are, other values as JSON. */
export function dataValueToString(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) throw new CrdError('InvalidObject', `data.${key} is undefined`);
  return JSON.stringify(value);
}

/** The descriptor of a core-group (`v1`) kind whose wire form differs from its typed form. */
export function builtinView<T>(options: {
  kind: string;
  plural: string;
  schema: z.ZodType<T>;
  decode: (wire: Record<string, unknown>) => Record<string, unknown>;
  encode: (obj: T) => Record<string, unknown>;
}): ResourceDescriptor<T> {
  const { kind, plural, schema, decode, encode } = options;
  const decodeUnknown = (obj: unknown): unknown =>
    typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? decode(obj as Record<string, unknown>) : obj;
  return {
    apiVersion: 'v1',
    kind,
    group: '',
    version: 'v1',
    plural,
    namespaced: true,
    scope: 'Namespaced',
    schema,
    parse: (obj) => parseWith(schema, decodeUnknown(obj), `${kind}`),
    safeParse: (obj) => {
      try {
        return schema.safeParse(decodeUnknown(obj));
      } catch (err) {
        if (!(err instanceof CrdError)) throw err;
        const error = new z.ZodError([{ code: 'custom', path: [], message: err.message, input: obj }]) as z.ZodError<T>;
        return { success: false, error };
      }
    },
    encode: (obj) => encode(encodeWith(schema, obj, kind) as T),
  };
}
