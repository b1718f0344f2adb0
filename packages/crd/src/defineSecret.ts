import { z } from 'zod';
import { builtinView } from './builtinView.js';
import { CrdError } from './errors.js';
import type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';

/** A Secret whose `data` keys are declared, with values decoded from base64. */
export interface TypedSecret<Data> {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type: string;
  data: Data;
  immutable?: boolean;
}

/** Options of {@link defineSecret}. */
export interface SecretOptions<Data extends z.ZodObject> {
  /** The keys of `data` and their decoded (UTF-8) values, e.g. `z.object({ password: z.string().min(12) })`. */
  data: Data;
  /** The Secret type; objects of another type are refused. @default 'Opaque' */
  type?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A typed view of Secrets: `parse()` decodes `data` from base64 (and takes `stringData` as the
 * server does, winning over `data`), then checks it; `encode()` writes every value back as base64.
 *
 * @example
 * const DbCredentials = defineSecret({ data: z.object({ username: z.string(), password: z.string().min(12) }) });
 * DbCredentials.parse(secret).data.password; // the plain text
 */
export function defineSecret<Data extends z.ZodObject>(
  options: SecretOptions<Data>,
): ResourceDescriptor<TypedSecret<z.output<Data>>> {
  const type = options.type ?? 'Opaque';
  return builtinView({
    kind: 'Secret',
    plural: 'secrets',
    data: options.data,
    fields: { type: z.literal(type).default(type) },
    decode: ({ stringData, ...wire }) => ({ ...wire, data: { ...decodeData(wire.data), ...(stringData as object) } }),
    encodeValue: (value) => Buffer.from(value, 'utf8').toString('base64'),
  });
}

function decodeData(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new CrdError('InvalidObject', 'Secret data is not an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw new CrdError('InvalidObject', `Secret data.${key} is not base64`, { path: `data.${key}` });
    }
    out[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return out;
}
