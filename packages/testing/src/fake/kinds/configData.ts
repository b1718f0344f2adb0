import type { StatusCause } from '../engine/apiError.js';
import { invalid, key, tooLong } from '../engine/fieldErrors.js';
import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';

/** ConfigMaps and Secrets: key names, and at most 1 MiB of data (what etcd takes in one value). */

const MAX_DATA = 1024 * 1024;
const KEY_FMT = '[-._a-zA-Z0-9]+';
const KEY_RE = new RegExp(`^${KEY_FMT}$`);

/** The problems of a ConfigMap or Secret data key. */
function keyProblems(k: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(k) > 253) errs.push('must be no more than 253 characters');
  if (!KEY_RE.test(k)) {
    errs.push(
      `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${KEY_FMT}')`,
    );
  }
  if (k === '.') errs.push("must not be '.'");
  else if (k === '..') errs.push("must not be '..'");
  else if (k.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const entries = (v: unknown): Array<[string, string]> =>
  typeof v === 'object' && v !== null ? Object.entries(v as Record<string, string>) : [];

/** Bytes of a base64 value once decoded. */
const decodedSize = (v: string) => Buffer.from(v, 'base64').length;

/** ConfigMaps: valid keys, no key in both data and binaryData, at most 1 MiB in all. */
export const configMapStrategy: KindStrategy = {
  validate: (obj: FakeObject) => {
    const causes: StatusCause[] = [];
    const binary = new Map(entries(obj.binaryData));
    let total = 0;
    for (const [k, v] of entries(obj.data)) {
      for (const m of keyProblems(k)) causes.push(invalid(key('data', k), k, m));
      if (binary.has(k)) causes.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
      total += Buffer.byteLength(String(v));
    }
    for (const [k, v] of binary) {
      for (const m of keyProblems(k)) causes.push(invalid(key('binaryData', k), k, m));
      total += decodedSize(String(v));
    }
    // The real server names no field but the empty path, shown as `[]`: the whole object is too long.
    if (total > MAX_DATA) causes.push(tooLong('[]', MAX_DATA));
    return causes;
  },
};

/** Secrets: type Opaque by default, valid keys, at most 1 MiB of data. */
export const secretStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    // stringData is write-only: merged into data (base64), as the real server's conversion does.
    if (obj.stringData !== undefined) {
      const data = { ...(obj.data as Record<string, string> | undefined) };
      for (const [k, v] of entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
      obj.data = data;
      delete obj.stringData;
    }
    obj.type ??= 'Opaque';
  },
  validate: (obj: FakeObject) => {
    const causes: StatusCause[] = [];
    let total = 0;
    for (const [k, v] of entries(obj.data)) {
      for (const m of keyProblems(k)) causes.push(invalid(key('data', k), k, m));
      total += decodedSize(String(v));
    }
    if (total > MAX_DATA) causes.push(tooLong('data', MAX_DATA));
    return causes;
  },
};
