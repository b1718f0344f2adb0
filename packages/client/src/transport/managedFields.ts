/**
 * Cutting `managedFields` out of JSON text before it is parsed: parsing a Pod with the managedFields
 * of two managers and then dropping them spends about a third of its CPU, and most of its garbage,
 * on a field a controller never reads.
 */

const KEY = '"managedFields":[';
const KEY_BYTES = Buffer.from(KEY);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * `text` (JSON as the API server writes it: no whitespace between tokens) without its
 * `"managedFields":[…]` members. The key can only match as a member name — inside a JSON string a
 * quote is always escaped — and only `ObjectMeta` has a member of that name, so every match is an
 * object's managedFields (a list's items, a watch event's object). Text that does not hold the key
 * is returned as is; text cut off inside the array is returned as is, for the parser to reject.
 */
export function withoutManagedFields(text: string): string {
  return text.includes(KEY) ? textWithoutManagedFields(Buffer.from(text, 'utf8')) : text;
}

/**
 * The text of `bytes` (UTF-8 JSON as the API server writes it) without its `"managedFields":[…]`
 * members, as {@link withoutManagedFields} cuts them: the cut is made on the bytes, so the
 * managedFields (a third to a half of a Pod's JSON) are never decoded into a string and the kept
 * parts are decoded once. Bytes cut off inside the array are decoded whole, for the parser to reject.
 */
export function textWithoutManagedFields(bytes: Buffer): string {
  let at = bytes.indexOf(KEY_BYTES);
  if (at < 0) return bytes.toString('utf8');
  let out = '';
  let from = 0;
  while (at >= 0) {
    const end = endOfValue(bytes, at + KEY_BYTES.length - 1);
    if (end < 0) return bytes.toString('utf8');
    // the member and one comma next to it: `,"managedFields":[…]` or `"managedFields":[…],`
    let cutFrom = at;
    let cutTo = end;
    if (bytes[cutFrom - 1] === COMMA) cutFrom--;
    else if (bytes[cutTo] === COMMA) cutTo++;
    // the cuts fall on ASCII punctuation, never inside a multi-byte character
    out += bytes.toString('utf8', from, cutFrom);
    from = cutTo;
    at = bytes.indexOf(KEY_BYTES, cutTo);
  }
  return out + bytes.toString('utf8', from);
}

/** The index after the array or object that opens at `start`; -1 when the bytes end inside it. */
function endOfValue(bytes: Buffer, start: number): number {
  let depth = 0;
  const n = bytes.length;
  for (let i = start; i < n; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = bytes[i];
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && --depth === 0) return i + 1;
  }
  return -1;
}
