import { z } from 'zod';
import { CrdError } from './errors.js';

/** `schema.parse(obj)`, with a failure turned into an `InvalidObject` error that lists each issue's path. */
export function parseWith<T>(schema: z.ZodType<T>, obj: unknown, what: string): T {
  const result = schema.safeParse(obj);
  if (result.success) return result.data;
  throw invalidObject(result.error, what);
}

/**
 * `schema.encode(obj)`: the typed value back in its input form (codecs such as `z.stringbool()` run
 * backwards), with a failure turned into an `InvalidObject` error.
 */
export function encodeWith<T>(schema: z.ZodType<T>, obj: T, what: string): unknown {
  try {
    return schema.encode(obj);
  } catch (err) {
    if (err instanceof z.ZodError) throw invalidObject(err, what);
    throw new CrdError('InvalidObject', `cannot encode ${what}: ${(err as Error).message}`, { cause: err });
  }
}

function invalidObject(error: z.ZodError, what: string): CrdError {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new CrdError('InvalidObject', `invalid ${what}: ${issues}`, { cause: error });
}
