import { InvalidInputError } from '../errors.js';
import { goQuote, invalidValue, labelKeyErrors, labelValueErrors } from '../names.js';
import { badSelector } from './badSelector.js';
import { compareBytes } from './compareBytes.js';
import type { Selector } from './selector.js';

/**
 * The operator of one label requirement: `=`/`==` (the value), `!=` (not the value, or no such
 * label), `in`/`notin` (one of the values / none of them, or no such label), `exists` (`key`), `!`
 * (`!key`: no such label), `gt`/`lt` (`key>5`, `key<5`: an integer label above / below).
 */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement of a label selector; `values` are sorted and distinct. */
export interface LabelRequirement {
  /** The label key, e.g. `app.kubernetes.io/name`. */
  readonly key: string;
  /** How the label's value is tested. */
  readonly operator: LabelOperator;
  /** The values: one for `=`, `==`, `!=`, `gt`, `lt`; one or more for `in`, `notin`; none otherwise. */
  readonly values: readonly string[];
}

/** Labels as a selector reads them (`undefined`: none). */
type Labels = Readonly<Record<string, string>> | undefined;

/**
 * A parsed label selector: requirements that all must hold, sorted by key. Build one with
 * {@link parseLabelSelector}; it parses, validates and matches exactly as kube-apiserver does.
 *
 * ```ts
 * const web = parseLabelSelector('app=web,tier in (a,b),!legacy');
 * web.matches({ app: 'web', tier: 'a' }); // true
 * ```
 */
export class LabelSelector {
  /** The requirements, sorted by key (an empty selector matches everything). */
  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: readonly LabelRequirement[]) {
    this.requirements = [...requirements].sort((a, b) => compareBytes(a.key, b.key));
  }

  /** Whether the selector selects everything (no requirement). */
  get empty(): boolean {
    return this.requirements.length === 0;
  }

  /** Whether the labels meet every requirement. */
  matches(labels: Labels): boolean {
    return this.requirements.every((r) => meets(r, labels));
  }

  /** The canonical string form, as the server prints it (`a in (x,y),b!=z,!c`). */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

/** Whether labels meet one requirement. */
function meets(r: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? (labels[r.key] as string) : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return value !== undefined && r.values.includes(value);
    case '!=':
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const actual = value === undefined ? undefined : parseInt64(value);
      const bound = parseInt64(r.values[0] ?? '');
      if (actual === undefined || bound === undefined || r.values.length !== 1) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

function requirementString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = r.values.join(',');
  const set = r.operator === 'in' || r.operator === 'notin';
  return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${values})` : values}`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A decimal 64-bit integer (optional sign), or `undefined`: what the server compares `gt`/`lt` on. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/**
 * Parses a label selector exactly as kube-apiserver does: the string form (`a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, joined by `,`) or equality pairs;
 * `undefined` selects everything. What the server accepts is accepted with the same meaning:
 * `a in (x,)` holds `x` and the empty value, `a in ()` the empty value alone, `a=` the empty value.
 * Keys and values are checked as label keys and values.
 * @throws {@link BadRequestError} with the server's message for a string the server refuses (e.g.
 *   `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt` for `a b`).
 * @throws {@link InvalidInputError} for pairs that are not labels (see {@link labelSelectorString}).
 */
export function parseLabelSelector(selector: Selector | undefined): LabelSelector {
  return parseLabelSelectorText(labelSelectorString(selector) ?? '');
}

/**
 * A label selector as sent to the API server. A string goes as it is (the server judges it; `''`
 * is none). Pairs become `k=v,k2=v2`, sorted by key; each key must be a label key and each value a
 * label value, or the pairs could be read as something else.
 * @throws {@link InvalidInputError} naming `labelSelector.<key>` for a pair that is not a label.
 */
export function labelSelectorString(selector: Selector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  if (typeof selector === 'string') return selector === '' ? undefined : selector;
  const pairs = Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of pairs) {
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length > 0) {
      throw new InvalidInputError(
        `labelSelector.${key}`,
        `${goQuote(key)} is not a label key: ${keyErrors.join('; ')}`,
      );
    }
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) {
      throw new InvalidInputError(
        `labelSelector.${key}`,
        `${goQuote(value)} is not a label value: ${valueErrors.join('; ')}`,
      );
    }
  }
  return pairs.length === 0 ? undefined : pairs.map(([k, v]) => `${k}=${v}`).join(',');
}

/** Parses the string form (see {@link parseLabelSelector}). */
function parseLabelSelectorText(text: string): LabelSelector {
  try {
    return new LabelSelector(new Parser(lex(text)).parse());
  } catch (err) {
    if (err instanceof ParseFailure) throw badSelector(err.message);
    throw err;
  }
}

/** A failure of the parser, carrying the server's message. */
class ParseFailure {
  constructor(readonly message: string) {}
}

type TokenType = 'end' | 'id' | 'in' | 'notin' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<';

interface Token {
  readonly type: TokenType;
  readonly text: string;
}

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const TWO_CHAR = new Set(['!=', '==']);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * Splits a selector into tokens. Operators are `!=`/`==` when two characters make one, else one
 * character; identifiers run to whitespace or an operator character. As on the server, a NUL
 * character ends the text where a token would start, and is skipped where it ends one.
 */
function lex(s: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const skipNul = () => {
    if (s[pos] === '\0') pos++;
  };
  for (;;) {
    while (pos < s.length && isSpace(s[pos] as string)) pos++;
    if (pos >= s.length || s[pos] === '\0') {
      tokens.push({ type: 'end', text: '' });
      return tokens;
    }
    const c = s[pos] as string;
    if (SPECIAL.has(c)) {
      const text = TWO_CHAR.has(s.slice(pos, pos + 2)) ? s.slice(pos, pos + 2) : c;
      pos += text.length;
      skipNul();
      tokens.push({ type: text as TokenType, text });
      continue;
    }
    const start = pos;
    while (pos < s.length && s[pos] !== '\0' && !SPECIAL.has(s[pos] as string) && !isSpace(s[pos] as string)) pos++;
    const text = s.slice(start, pos);
    skipNul();
    tokens.push({ type: text === 'in' || text === 'notin' ? text : 'id', text });
  }
}

const BINARY_OPERATORS: Partial<Record<TokenType, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** A recursive-descent parser over the tokens, worded as the server's parser. */
class Parser {
  #pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  /**
   * The next token without taking it. Where values are expected (`values`), `in` and `notin` are
   * plain identifiers: `in in (in)` is a valid requirement.
   */
  #peek(values = true): Token {
    const t = this.tokens[this.#pos] as Token;
    return values && (t.type === 'in' || t.type === 'notin') ? { type: 'id', text: t.text } : t;
  }

  #take(values = true): Token {
    const t = this.#peek(values);
    this.#pos++;
    return t;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    let next = this.#peek();
    if (next.type === 'end') return requirements;
    if (next.type !== 'id' && next.type !== '!') {
      throw new ParseFailure(`found '${next.text}', expected: !, identifier, or 'end of string'`);
    }
    for (;;) {
      requirements.push(this.#requirement());
      const after = this.#take();
      if (after.type === 'end') return requirements;
      if (after.type !== ',') throw new ParseFailure(`found '${after.text}', expected: ',' or 'end of string'`);
      next = this.#peek();
      if (next.type !== 'id' && next.type !== '!') {
        throw new ParseFailure(`found '${next.text}', expected: identifier after ','`);
      }
    }
  }

  #requirement(): LabelRequirement {
    try {
      const { key, negated } = this.#key();
      const next = this.#peek().type;
      if (negated || next === 'end' || next === ',') return { key, operator: negated ? '!' : 'exists', values: [] };
      const opToken = this.#take(false);
      const operator = BINARY_OPERATORS[opToken.type];
      if (operator === undefined) {
        throw new ParseFailure(`found '${opToken.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
      const set = operator === 'in' || operator === 'notin' ? this.#valueSet() : new Set([this.#exactValue()]);
      const values = [...set].sort(compareBytes);
      checkRequirement(key, operator, values);
      return { key, operator, values };
    } catch (err) {
      if (err instanceof ParseFailure) throw new ParseFailure(`unable to parse requirement: ${err.message}`);
      throw err;
    }
  }

  /** `[!]key`; the key must be a label key. */
  #key(): { key: string; negated: boolean } {
    let t = this.#take();
    const negated = t.type === '!';
    if (negated) t = this.#take();
    if (t.type !== 'id') throw new ParseFailure(`found '${t.text}', expected: identifier`);
    const errors = labelKeyErrors(t.text);
    // The server names no field path here, and prints its absence as `<nil>`.
    if (errors.length > 0) throw new ParseFailure(invalidValue('<nil>', t.text, errors.join('; ')));
    return { key: t.text, negated };
  }

  /** `(v1,v2,...)`: empty items are the empty value; `()` is the empty value alone. */
  #valueSet(): Set<string> {
    const open = this.#take();
    if (open.type !== '(') throw new ParseFailure(`found '${open.text}' expected: '('`);
    const first = this.#peek();
    if (first.type === ')') {
      this.#take();
      return new Set(['']);
    }
    if (first.type !== 'id' && first.type !== ',') {
      throw new ParseFailure(`found '${first.text}', expected: ',', ')' or identifier`);
    }
    const values = new Set<string>();
    for (;;) {
      const t = this.#take();
      if (t.type === 'id') {
        values.add(t.text);
        const next = this.#peek();
        if (next.type === ')') break;
        if (next.type !== ',') throw new ParseFailure(`found '${next.text}', expected: ',' or ')'`);
      } else if (t.type === ',') {
        // `(,x`, `x,,y` and `x,)` each hold the empty value.
        if (values.size === 0) values.add('');
        const next = this.#peek().type;
        if (next === ',' || next === ')') values.add('');
        if (next === ')') break;
      } else {
        throw new ParseFailure(`found '${t.text}', expected: ',', or identifier`);
      }
    }
    this.#take(); // the ')'
    return values;
  }

  /** The one value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end is the empty value. */
  #exactValue(): string {
    const next = this.#peek().type;
    if (next === 'end' || next === ',') return '';
    const t = this.#take();
    if (t.type !== 'id') throw new ParseFailure(`found '${t.text}', expected: identifier`);
    return t.text;
  }
}

/** The server's checks of a parsed requirement: integers for `gt`/`lt`, label values for all. */
function checkRequirement(key: string, operator: LabelOperator, values: readonly string[]): void {
  const errors: string[] = [];
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (parseInt64(v) === undefined) {
        errors.push(invalidValue(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      }
    });
  }
  values.forEach((v, i) => {
    const problems = labelValueErrors(v);
    if (problems.length > 0) errors.push(invalidValue(`values[${i}][${key}]`, v, problems.join('; ')));
  });
  // Several problems are listed as the server lists them: once each, in brackets.
  const distinct = [...new Set(errors)];
  if (distinct.length === 1) throw new ParseFailure(distinct[0] as string);
  if (distinct.length > 1) throw new ParseFailure(`[${distinct.join(', ')}]`);
}
