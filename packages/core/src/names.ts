/**
 * What object names, label keys and label values may be, worded as kube-apiserver words its
 * refusals (apimachinery's `IsDNS1123Label`, `IsDNS1123Subdomain`, `IsQualifiedName` /
 * `IsLabelKey`, `IsLabelValue`, `IsValidPathSegmentName`). Each check returns the server's
 * messages, empty when the value passes. Lengths are counted in UTF-8 bytes, as Go's `len` counts
 * them; the messages say "characters" for object names and "bytes" for label keys and values, as
 * the server's do.
 *
 * The selector parser, the client's argument checks and the fake API server's ObjectMeta
 * validation all use these; nothing else in kubekit writes a name rule.
 */

const DNS_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN_FORMAT = `${DNS_LABEL_FORMAT}(\\.${DNS_LABEL_FORMAT})*`;
const NAME_FORMAT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const VALUE_FORMAT = `(${NAME_FORMAT})?`;
const DNS1035_LABEL_FORMAT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS_LABEL = new RegExp(`^${DNS_LABEL_FORMAT}$`);
const DNS1035_LABEL = new RegExp(`^${DNS1035_LABEL_FORMAT}$`);
const DNS_SUBDOMAIN = new RegExp(`^${DNS_SUBDOMAIN_FORMAT}$`);
const NAME = new RegExp(`^${NAME_FORMAT}$`);

const DNS_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** The longest DNS-1123 label (a Namespace name, a container name), in bytes. */
const DNS_LABEL_MAX_BYTES = 63;
/** The longest DNS-1123 subdomain (most object names, a label key's prefix), in bytes. */
const DNS_SUBDOMAIN_MAX_BYTES = 253;
/** The longest label value, and the longest name part of a label key, in bytes. */
const LABEL_VALUE_MAX_BYTES = 63;

const utf8 = new TextEncoder();
const byteLength = (s: string): number => utf8.encode(s).length;

/** Object names say "characters"; label keys and values (apimachinery's newer content checks) "bytes". */
type LengthUnit = 'characters' | 'bytes';
const tooLong = (max: number, unit: LengthUnit): string => `must be no more than ${max} ${unit}`;

/** `msg (e.g. 'a',  or 'b', regex used for validation is 're')`: the server's regex message. */
function regexMessage(message: string, format: string, ...examples: string[]): string {
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

function subdomainErrors(value: string, unit: LengthUnit): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS_SUBDOMAIN_MAX_BYTES) errors.push(tooLong(DNS_SUBDOMAIN_MAX_BYTES, unit));
  if (!DNS_SUBDOMAIN.test(value)) errors.push(regexMessage(DNS_SUBDOMAIN_MESSAGE, DNS_SUBDOMAIN_FORMAT, 'example.com'));
  return errors;
}

/**
 * Why `value` is not a DNS-1123 label (at most 63 lower-case alphanumerics and `-`, starting and
 * ending alphanumeric): the rule for Namespace names and container names. Empty when it is one.
 *
 * @example
 * ```ts
 * dns1123LabelErrors('a.b'); // ['must not contain dots']
 * ```
 */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS_LABEL_MAX_BYTES) errors.push(tooLong(DNS_LABEL_MAX_BYTES, 'characters'));
  if (!DNS_LABEL.test(value)) {
    errors.push(
      DNS_SUBDOMAIN.test(value)
        ? 'must not contain dots'
        : regexMessage(DNS_LABEL_MESSAGE, DNS_LABEL_FORMAT, 'my-name', '123-abc'),
    );
  }
  return errors;
}

/**
 * Why `value` is not a DNS-1035 label (at most 63 lower-case alphanumerics and `-`, starting with a
 * letter and ending alphanumeric): the rule for a CRD's plural, singular, short names and
 * categories, its kind once lower-cased, and Service names. Empty when it is one.
 *
 * @example
 * ```ts
 * dns1035LabelErrors('1st'); // ['a DNS-1035 label must consist of ...']
 * ```
 */
export function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > DNS_LABEL_MAX_BYTES) errors.push(tooLong(DNS_LABEL_MAX_BYTES, 'characters'));
  if (!DNS1035_LABEL.test(value)) {
    errors.push(regexMessage(DNS1035_LABEL_MESSAGE, DNS1035_LABEL_FORMAT, 'my-name', 'abc-123'));
  }
  return errors;
}

/**
 * Why `value` is not a DNS-1123 subdomain (at most 253 lower-case alphanumerics, `-` and `.`,
 * each dot-separated part starting and ending alphanumeric): the rule for the names of most kinds.
 * Empty when it is one.
 */
export function dns1123SubdomainErrors(value: string): string[] {
  return subdomainErrors(value, 'characters');
}

/**
 * Why `key` is not a label key, nor a qualified name (annotation keys and finalizers follow the
 * same rule): an optional DNS subdomain prefix and `/`, then a name of at most 63 bytes of
 * alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric. Empty when it is one.
 *
 * @example
 * ```ts
 * labelKeyErrors('app.kubernetes.io/name'); // []
 * ```
 */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      `a valid label key ${regexMessage(NAME_MESSAGE, NAME_FORMAT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errors: string[] = [];
  const name = parts.length === 2 ? (parts[1] as string) : key;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...subdomainErrors(prefix, 'bytes').map((e) => `prefix part ${e}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > LABEL_VALUE_MAX_BYTES)
    errors.push(`name part ${tooLong(LABEL_VALUE_MAX_BYTES, 'bytes')}`);
  if (!NAME.test(name))
    errors.push(`name part ${regexMessage(NAME_MESSAGE, NAME_FORMAT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/**
 * Why `value` is not a label value (empty, or at most 63 bytes of alphanumerics, `-`, `_` and
 * `.`, starting and ending alphanumeric). Empty when it is one.
 */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_BYTES) errors.push(tooLong(LABEL_VALUE_MAX_BYTES, 'bytes'));
  if (value !== '' && !NAME.test(value)) {
    errors.push(regexMessage(VALUE_MESSAGE, VALUE_FORMAT, 'MyValue', 'my_value', '12345'));
  }
  return errors;
}

/**
 * Why `value` is not a path-segment name (not `.` or `..`, no `/` or `%`): the rule for the names
 * of RBAC kinds, which may hold `:` (`system:controller`). Empty when it is one.
 */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%'].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * A string quoted as Go's `%q` quotes it (how the server shows a bad value in its messages):
 * `"` and `\` escaped, control characters as `\n`, `\t`, `\x01`, ...; other characters as they are.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += GO_ESCAPES[cp] ?? `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0xa0 || cp === 0xad) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const GO_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** A field error as the server prints one: `path: Invalid value: "v": detail`. */
export function invalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${goQuote(value)}: ${detail}`;
}
