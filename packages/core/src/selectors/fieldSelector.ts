import { InvalidInputError } from '../errors.js';
import { goQuote } from '../names.js';
import { badSelector } from './badSelector.js';
import { compareBytes } from './compareBytes.js';
import type { Selector } from './selector.js';

/** The operator of one field requirement: `=` (also written `==`) or `!=`. */
export type FieldOperator = '=' | '!=';

/** One requirement of a field selector: `field=value` or `field!=value`. */
export interface FieldRequirement {
  /** The field path, e.g. `metadata.name` (as written: nothing is trimmed). */
  readonly field: string;
  /** `=` or `!=`. */
  readonly operator: FieldOperator;
  /** The value, unescaped (`a\,b` in the selector is `a,b` here). */
  readonly value: string;
}

/**
 * A parsed field selector: requirements that all must hold, in the order the server evaluates them.
 * Build one with {@link parseFieldSelector}; it parses and matches exactly as kube-apiserver does.
 * Which fields a kind supports is the server's (or the fake's) business, not the selector's.
 *
 * ```ts
 * const sel = parseFieldSelector('metadata.name=web,status.phase!=Running');
 * sel.matches((field) => fieldValueOf(pod, field));
 * ```
 */
export class FieldSelector {
  /** The requirements, in the server's order (an empty selector matches everything). */
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = requirements;
  }

  /** Whether the selector selects everything (no requirement). */
  get empty(): boolean {
    return this.requirements.length === 0;
  }

  /**
   * Whether an object's fields meet every requirement; `fieldOf(field)` gives the value of a field,
   * `''` when the object has none (as on the server, `f!=x` then holds and `f=x` does not).
   */
  matches(fieldOf: (field: string) => string): boolean {
    return this.requirements.every((r) => (fieldOf(r.field) === r.value) === (r.operator === '='));
  }

  /** The canonical string form, values escaped (`metadata.name=a\,b,spec.x!=y`). */
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/**
 * Escapes a value for a field selector: `\` becomes `\\`, `,` becomes `\,` and `=` becomes `\=`
 * (apimachinery's `fields.EscapeValue`), so any value can be written after `=`.
 */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Reverses {@link escapeFieldValue}.
 * @throws {@link BadRequestError} with the server's message for an unknown escape (`\x`), a
 *   trailing `\`, or an unescaped `,` or `=`.
 */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw badSelector(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // The server prints the character's code point.
      throw badSelector(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw badSelector('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses a field selector exactly as kube-apiserver does: the string form (terms `field=value`,
 * `field==value` or `field!=value` joined by `,`; empty terms are skipped, nothing is trimmed,
 * values escaped as {@link escapeFieldValue} escapes them) or equality pairs; `undefined` selects
 * everything. Any other operator is refused, as on the server: `metadata.name in (a,b)` is a 400,
 * never read as something else.
 * @throws {@link BadRequestError} with the server's message (`invalid selector: '<selector>';
 *   can't understand '<term>'`, or an escaping problem).
 * @throws {@link InvalidInputError} for a pair key that cannot be written (see {@link fieldSelectorString}).
 */
export function parseFieldSelector(selector: Selector | undefined): FieldSelector {
  return parseFieldSelectorText(fieldSelectorString(selector) ?? '');
}

/**
 * A field selector as sent to the API server. A string goes as it is (`''` is none). Pairs become
 * `k=v,k2=v2` with each value escaped (`,`, `=` and `\` may appear in values); a key must not hold
 * `,`, `=` or `\` nor end in `!`, which the server would read differently.
 * @throws {@link InvalidInputError} naming `fieldSelector.<key>` for a key that cannot be written.
 */
export function fieldSelectorString(selector: Selector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === 'string') return selector === '' ? undefined : selector;
  const pairs = Object.entries(selector);
  for (const [key] of pairs) {
    if (key === '' || /[,=\\]/.test(key) || key.endsWith('!')) {
      throw new InvalidInputError(`fieldSelector.${key}`, `${goQuote(key)} cannot be written as a field selector key`);
    }
  }
  return pairs.length === 0 ? undefined : pairs.map(([k, v]) => `${k}=${escapeFieldValue(v)}`).join(',');
}

/** Parses the string form (see {@link parseFieldSelector}). */
function parseFieldSelectorText(text: string): FieldSelector {
  // The server evaluates (and reports the first bad one of) the terms in sorted order.
  const terms = splitTerms(text).sort(compareBytes);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const at = operatorAt(term);
    if (at === undefined) throw badSelector(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = term.slice(0, at.index);
    const value = unescapeFieldValue(term.slice(at.index + at.op.length));
    // As on the server, a term with neither field nor value (`=`, `!=`) selects everything.
    if (field === '' && value === '') continue;
    requirements.push({ field, operator: at.op === '!=' ? '!=' : '=', value });
  }
  return new FieldSelector(requirements);
}

/** The terms of a selector: split at each `,` that no `\` escapes. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator of a term (`!=`, then `==`, then `=` at each position), if any. */
function operatorAt(term: string): { index: number; op: '!=' | '==' | '=' } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('!=', i)) return { index: i, op: '!=' };
    if (term.startsWith('==', i)) return { index: i, op: '==' };
    if (term[i] === '=') return { index: i, op: '=' };
  }
  return undefined;
}

/**
 * The value of a dotted field path of an object as a field selector compares it: strings as they
 * are, numbers and booleans as text, `''` when the field is absent or null.
 */
export function fieldValueOf(obj: unknown, path: string): string {
  let at: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return '';
    at = (at as Record<string, unknown>)[key];
  }
  if (at === undefined || at === null) return '';
  return typeof at === 'object' ? JSON.stringify(at) : String(at);
}
