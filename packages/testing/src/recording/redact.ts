/**
 * Redaction of what a recording writes: Secret values, and the values of secrets named by the user
 * wherever they occur, plain or base64-encoded.
 */
import type { KubeObject } from '@kubekit/core';

/** What a redacted value becomes. */
export const REDACTED = 'REDACTED';
/** What a redacted Secret `data` value becomes: base64 of {@link REDACTED}. */
export const REDACTED_BASE64 = Buffer.from(REDACTED).toString('base64');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Secret `data` and `stringData` values replaced by base64 of {@link REDACTED} (a copy; the keys are kept). */
export function redactSecretData(secret: KubeObject): KubeObject {
  const out: Record<string, unknown> = { ...secret };
  for (const field of ['data', 'stringData']) {
    const values = out[field];
    if (values && typeof values === 'object') {
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED_BASE64]));
    }
  }
  return out as KubeObject;
}

/**
 * A function that replaces every occurrence of the given values with {@link REDACTED} in a JSON
 * value: in strings and in map keys, plain, base64-encoded, and inside a string that is base64
 * (decoded, redacted and encoded again, so a value inside a Secret's data or a kubeconfig is found
 * whatever its alignment). With no values it returns its input.
 */
export function valueRedactor(values: readonly string[]): <T>(value: T) => T {
  const needles = values.filter((v) => v !== '');
  if (needles.length === 0) return (value) => value;
  const encoded = needles.map((v) => Buffer.from(v).toString('base64'));
  const inText = (s: string): string => {
    let out = s;
    for (let i = 0; i < needles.length; i++) {
      out = out.replaceAll(needles[i] as string, REDACTED).replaceAll(encoded[i] as string, REDACTED);
    }
    if (out.length >= 4 && BASE64.test(out)) {
      const bytes = Buffer.from(out, 'base64');
      const text = bytes.toString('utf8');
      if (Buffer.from(text, 'utf8').equals(bytes) && needles.some((v) => text.includes(v))) {
        return Buffer.from(inText(text)).toString('base64');
      }
    }
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return inText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [inText(k), walk(v)]));
    }
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
