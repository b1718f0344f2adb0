/**
 * YAML text of JSON data, written directly (no document model): over ten times faster than
 * the `yaml` package's `stringify`, for writers of many objects (a recording of a cluster). Block
 * style, two-space indents, keys in their order; a string that could be read as anything but
 * that string (a number, a boolean, null, a date, an indicator) is written as a JSON string, which
 * YAML reads as a double-quoted scalar; multi-line strings as literal blocks. Any YAML 1.2 reader
 * reads back the same JSON value.
 */

/** Strings written without quotes: words, paths, images, `system:admin`; nothing a reader could type otherwise. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9 _./:@=-]*$/;
const TYPED = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i;

function plain(s: string): boolean {
  return (
    PLAIN.test(s) && !s.endsWith(' ') && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #') && !TYPED.test(s)
  );
}

/** The inline form of a value, or `undefined` for a non-empty map or list, or a multi-line string. */
function inline(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      if (plain(value)) return value;
      return literalBlockOk(value) ? undefined : JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
      return Object.keys(value).length === 0 ? '{}' : undefined;
    default:
      return JSON.stringify(String(value));
  }
}

/** Whether `s` holds a character other than a newline and a tab that a literal block cannot carry. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      (c < 0x20 && c !== 0x0a && c !== 0x09) ||
      c === 0x7f ||
      c === 0x85 ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}

/** Whether a string reads back the same from a literal block (`|`): several lines, no control characters. */
function literalBlockOk(s: string): boolean {
  if (!s.includes('\n') || hasControlCharacter(s)) return false;
  const first = s.split('\n').find((line) => line !== '');
  return first !== undefined && !/^[ \t]/.test(first);
}

function key(k: string): string {
  return plain(k) ? k : JSON.stringify(k);
}

function block(head: string, s: string, indent: string, out: string[]): void {
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  out.push(`${head} |${chomp}`);
  const body = trailing === 0 ? s : s.slice(0, -1);
  for (const line of body.split('\n')) out.push(line === '' ? '' : `${indent}${line}`);
}

function entry(head: string, value: unknown, indent: string, out: string[]): void {
  const text = inline(value);
  if (text !== undefined) out.push(`${head} ${text}`);
  else if (typeof value === 'string') block(head, value, `${indent}  `, out);
  else {
    out.push(head);
    if (Array.isArray(value)) list(value, `${indent}  `, out);
    else map(value as Record<string, unknown>, `${indent}  `, out, `${indent}  `);
  }
}

function map(obj: Record<string, unknown>, indent: string, out: string[], first: string): void {
  let lead = first;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    entry(`${lead}${key(k)}:`, v, indent, out);
    lead = indent;
  }
}

function list(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    const text = inline(item);
    if (text !== undefined) out.push(`${indent}- ${text}`);
    else if (typeof item === 'string') block(`${indent}-`, item, `${indent}  `, out);
    else if (Array.isArray(item)) {
      out.push(`${indent}-`);
      list(item, `${indent}  `, out);
    } else map(item as Record<string, unknown>, `${indent}  `, out, `${indent}- `);
  }
}

/**
 * One YAML document (no `---`) holding a JSON value (what `JSON.parse` gives: objects, arrays,
 * strings, finite numbers, booleans, null; `undefined` fields are left out as `JSON.stringify`
 * does). Parsing it back gives an equal value.
 */
export function jsonToYaml(value: unknown): string {
  const out: string[] = [];
  const text = inline(value);
  if (text !== undefined) out.push(text);
  else if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (Array.isArray(value)) list(value, '', out);
  else map(value as Record<string, unknown>, '', out, '');
  return `${out.join('\n')}\n`;
}
