import type { StatusCause } from './apiError.js';
import { forbidden, index, invalid, required, tooLong } from './fieldErrors.js';
import type { FakeObject } from './types.js';

/**
 * The checks every kind's `metadata` gets on the real server (apimachinery's ObjectMeta
 * validation): the name by the kind's rule, generateName, labels, annotations, owner references
 * and finalizers, worded as the real server words them.
 */

/** How a kind's object names are checked. */
export type NameRule = 'subdomain' | 'label' | 'pathSegment';

const LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN_FMT = `${LABEL_FMT}(\\.${LABEL_FMT})*`;
const KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const VALUE_FMT = `(${KEY_FMT})?`;
const whole = (fmt: string) => new RegExp(`^${fmt}$`);
const LABEL_RE = whole(LABEL_FMT);
const SUBDOMAIN_RE = whole(SUBDOMAIN_FMT);
const KEY_RE = whole(KEY_FMT);
const VALUE_RE = whole(VALUE_FMT);

// Names say "characters", label keys (apimachinery's newer content checks) "bytes".
const maxLen = (n: number, unit: 'characters' | 'bytes' = 'characters') => `must be no more than ${n} ${unit}`;
const regexError = (msg: string, fmt: string, ...examples: string[]) =>
  examples.length === 0
    ? `${msg} (regex used for validation is '${fmt}')`
    : `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Problems of a DNS (RFC 1123) label: Pod container names, Namespace names. */
export function dns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (bytes(value) > 63) errs.push(maxLen(63));
  if (!LABEL_RE.test(value)) {
    errs.push(
      SUBDOMAIN_RE.test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL_FMT,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errs;
}

/** Problems of a DNS (RFC 1123) subdomain: most object names. */
export function dns1123Subdomain(value: string, unit: 'characters' | 'bytes' = 'characters'): string[] {
  const errs: string[] = [];
  if (bytes(value) > 253) errs.push(maxLen(253, unit));
  if (!SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

function pathSegment(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  for (const c of ['/', '%']) if (value.includes(c)) return [`may not contain '${c}'`];
  return [];
}

/** Problems of a qualified name (label keys, annotation keys, finalizers): `[prefix/]name`. */
export function qualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a valid label key ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? (parts[1] as string) : (parts[0] as string);
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(prefix, 'bytes').map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (bytes(name) > 63) errs.push(`name part ${maxLen(63, 'bytes')}`);
  if (!KEY_RE.test(name)) {
    errs.push(
      `name part ${regexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", KEY_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** Problems of a label value. */
export function labelValue(value: string): string[] {
  const errs: string[] = [];
  if (bytes(value) > 63) errs.push(maxLen(63, 'bytes'));
  if (!VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** The problems of a name under a rule; `prefix` for a generateName (a trailing `-` is fine). */
export function nameProblems(rule: NameRule, name: string, prefix = false): string[] {
  const value = prefix && rule !== 'pathSegment' && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
  switch (rule) {
    case 'label':
      return dns1123Label(value);
    case 'pathSegment':
      return pathSegment(value);
    default:
      return dns1123Subdomain(value);
  }
}

/** Label problems of a map at `field` (`metadata.labels`, `spec.selector.matchLabels`...). */
export function validateLabels(labels: unknown, field: string): StatusCause[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of qualifiedName(k)) causes.push(invalid(field, k, m));
    if (typeof v === 'string') for (const m of labelValue(v)) causes.push(invalid(field, v, m));
  }
  return causes;
}

const ANNOTATIONS_LIMIT = 256 * 1024;

/**
 * The metadata problems of an object about to be stored (after its name is known): name,
 * generateName, namespace, labels, annotations, ownerReferences, finalizers — in the real
 * server's order.
 */
export function validateObjectMeta(obj: FakeObject, rule: NameRule, namespaced: boolean): StatusCause[] {
  const meta = obj.metadata ?? {};
  const causes: StatusCause[] = [];
  if (meta.generateName) {
    for (const m of nameProblems(rule, meta.generateName, true))
      causes.push(invalid('metadata.generateName', meta.generateName, m));
  }
  if (!meta.name) {
    causes.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const m of nameProblems(rule, meta.name)) causes.push(invalid('metadata.name', meta.name, m));
  }
  if (!namespaced && meta.namespace) causes.push(forbidden('metadata.namespace', 'not allowed on this type'));
  causes.push(...validateLabels(meta.labels, 'metadata.labels'));
  const annotations = (meta.annotations ?? {}) as Record<string, string>;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of qualifiedName(k.toLowerCase())) causes.push(invalid('metadata.annotations', k, m));
    size += bytes(k) + bytes(String(v));
  }
  if (size > ANNOTATIONS_LIMIT) causes.push(tooLong('metadata.annotations', ANNOTATIONS_LIMIT));
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    const at = index('metadata.ownerReferences', i);
    if (!ref.apiVersion) causes.push(required(`${at}.apiVersion`, 'must not be empty'));
    if (!ref.kind) causes.push(required(`${at}.kind`, 'must not be empty'));
    if (!ref.name) causes.push(required(`${at}.name`, 'must not be empty'));
    if (!ref.uid) causes.push(required(`${at}.uid`, 'must not be empty'));
  });
  for (const f of meta.finalizers ?? []) {
    for (const m of qualifiedName(f)) causes.push(invalid('metadata.finalizers', f, m));
  }
  return causes;
}
