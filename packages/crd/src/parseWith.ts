import type { z } from 'zod';
import { CrdError } from './errors.js';

/** `schema.parse(obj)`, with a failure turned into an `InvalidObject` error that lists each issue's path. */
export function parseWith<T>(schema: z.ZodType<T>, obj: unknown, what: string): T {
  const result = schema.safeParse(obj);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new CrdError('InvalidObject', `invalid ${what}: ${issues}`, { cause: result.error });
}
