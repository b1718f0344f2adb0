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
  /** The wire object made ready for the schema (e.g. base64 decoded). */
  decode: (wire: Record<string, unknown>) => Record<string, unknown>;
  /** One `data` value, already a string, as the wire form keeps it (e.g. base64 encoded). */
  encodeValue: (value: string) => string;
}

/** The descriptor of a namespaced core-group (`v1`) kind whose `data` is declared with zod. */
export function builtinView<T>(options: BuiltinViewOptions): ResourceDescriptor<T> {
  const { kind, plural, decode, encodeValue } = options;
  const schema = z.object({
    apiVersion: z.literal('v1'),
    kind: z.literal(kind),
    metadata: objectMetaSchema.default({}),
    ...options.fields,
    data: options.data,
    immutable: z.boolean().optional(),
  }) as unknown as z.ZodType<T>;
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
    parse: (obj) => parseWith(schema, decodeUnknown(obj), kind),
    safeParse: (obj) => {
      try {
        return schema.safeParse(decodeUnknown(obj));
      } catch (err) {
        if (!(err instanceof CrdError)) throw err;
        const error = new z.ZodError([{ code: 'custom', path: [], message: err.message, input: obj }]) as z.ZodError<T>;
        return { success: false, error };
      }
    },
    encode: (obj) => {
      const wire = encodeWith(schema, obj, kind) as Record<string, unknown>;
      return { ...wire, data: encodeData(wire.data, encodeValue) };
    },
  };
}

/** Each value as the string the API server keeps (strings as they are, others as JSON), through `toWire`. */
function encodeData(data: unknown, toWire: (value: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value !== undefined) out[key] = toWire(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}
