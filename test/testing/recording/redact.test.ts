/**
 * Redaction of recordings: a secret value is found plain, base64-encoded, and inside a base64
 * value at any alignment (a kubeconfig or a .dockerconfigjson in a Secret); Secret data keeps its
 * keys with each value replaced.
 */
import { expect, it } from '@jest/globals';
import { redactSecretData, valueRedactor } from '../../../packages/testing/src/recording/redact.js';

const SECRET = 'p4ss-w0rd!';
const b64 = (s: string) => Buffer.from(s).toString('base64');

it('replaces a value plain, base64-encoded, and inside base64 text at every alignment, in values and keys', () => {
  const redact = valueRedactor([SECRET]);
  const value = {
    plain: `token=${SECRET};`,
    encoded: b64(SECRET),
    inside: ['', 'a', 'ab', 'abc'].map((pad) => b64(`${pad}{"auth":"${SECRET}"}`)),
    [`key-${SECRET}`]: [SECRET, { deep: `x ${SECRET} y ${SECRET}` }],
    untouched: 'no secret here',
    number: 7,
  };
  const text = JSON.stringify(redact(value));
  expect(text).not.toContain(SECRET);
  for (const pad of ['', 'a', 'ab', 'abc']) {
    expect(text).not.toContain(b64(SECRET));
    expect(text).toContain(b64(`${pad}{"auth":"REDACTED"}`));
  }
  expect(redact(value)).toMatchObject({
    plain: 'token=REDACTED;',
    encoded: 'REDACTED',
    untouched: 'no secret here',
    number: 7,
  });
  expect(redact(value)['key-REDACTED' as keyof typeof value]).toEqual(['REDACTED', { deep: 'x REDACTED y REDACTED' }]);
});

it('leaves values alone when no secret is given, and binary base64 that is not text', () => {
  const value = { a: SECRET, bin: Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64') };
  expect(valueRedactor([])(value)).toBe(value);
  expect(valueRedactor(['zzz'])(value)).toEqual(value);
});

it('replaces every Secret data and stringData value by base64 of REDACTED, keeping the keys', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { a: b64('x'), b: b64('y') },
    stringData: { c: 'z' },
  };
  expect(redactSecretData(secret)).toEqual({
    ...secret,
    data: { a: 'UkVEQUNURUQ=', b: 'UkVEQUNURUQ=' },
    stringData: { c: 'UkVEQUNURUQ=' },
  });
  expect(secret.data.a).toBe(b64('x')); // a copy
});
