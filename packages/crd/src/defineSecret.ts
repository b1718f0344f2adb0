import { z } from 'zod';
import { builtinView } from './builtinView.js';
import { CrdError } from './errors.js';
import type { ObjectMeta, ResourceDescriptor } from './resourceDescriptor.js';

/** A Secret whose `data` keys are declared, with values decoded from base64. */
export interface TypedSecret<Data> {
  /** Always `v1`. */
  apiVersion: 'v1';
  /** Always `Secret`. */
  kind: 'Secret';
  /** The Secret's metadata. */
  metadata: ObjectMeta;
  /** The Secret's type, e.g. `Opaque` or `kubernetes.io/tls`. */
  type: string;
  /** The declared values, decoded from base64 and parsed by the `data` schema. */
  data: Data;
  /** Whether the data can no longer be changed (only the object deleted). */
  immutable?: boolean;
}

/** Options of {@link defineSecret}. */
export interface SecretOptions<Data extends z.ZodObject> {
  /**
   * The keys of `data` and their decoded (UTF-8) values, e.g. `z.object({ password: z.string().min(12) })`.
   * Keys the schema does not declare are kept (decoded, and encoded again on write).
   */
  data: Data;
  /** The Secret type; objects of another type are refused. @default 'Opaque' */
  type?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A typed view of Secrets, a kind descriptor for every client and cache: reads through it come
 * back with `data` decoded from base64 and checked (`decode()`, which takes `stringData` as the
 * server does, winning over `data`), and writes that name it (`{ kind: DbCredentials }`) encode
 * every value back to base64 (`encode()`). A Secret that does not fit fails only the read that
 * asked for it (a `CodecError`).
 *
 * @example
 * const DbCredentials = defineSecret({ data: z.object({ username: z.string(), password: z.string().min(12) }) });
 * const secret = await client.get(DbCredentials, 'db', { namespace: 'demo' });
 * secret.data.password; // the plain text
 * await client.update({ ...secret, data: { ...secret.data, password: 'correct horse battery' } }, { kind: DbCredentials });
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
