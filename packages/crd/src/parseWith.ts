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
 * backwards), with a failure turned into an `InvalidObject` error whose paths start at `at` (the
 * field `schema` is the schema of, when it is not a whole object).
 */
export function encodeWith<T>(schema: z.ZodType<T>, obj: T, what: string, at = ''): unknown {
  try {
    return schema.encode(obj);
  } catch (err) {
    if (err instanceof z.ZodError) throw invalidObject(err, what, at);
    throw new CrdError('InvalidObject', `cannot encode ${what}: ${(err as Error).message}`, {
      cause: err,
      ...(at !== '' && { path: at }),
    });
  }
}

function invalidObject(error: z.ZodError, what: string, at = ''): CrdError {
  const issues = error.issues.map((i) => `${issuePath(i.path, at) || '(root)'}: ${i.message}`).join('; ');
  const first = error.issues[0];
  const path = first ? issuePath(first.path, at) : at;
  return new CrdError('InvalidObject', `invalid ${what}: ${issues}`, {
    cause: error,
    ...(path !== '' && { path }),
  });
}

/** A zod issue path as a field path under `prefix`: `data.port`, `spec.items[0].name`. */
function issuePath(path: readonly PropertyKey[], prefix: string): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}
