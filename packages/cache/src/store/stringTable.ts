/**
 * Equal strings shared between the objects of one store. `JSON.parse` makes a fresh copy of every
 * string value longer than a few characters, so 10,000 Pods of one ReplicaSet hold 10,000 copies
 * of its image, node and owner names, label values and timestamps. Passing each stored string
 * through {@link StringTable.intern} keeps one copy.
 *
 * The table is bounded and forgets strings no stored object uses any more: it keeps two
 * generations of at most `limit` strings each. A lookup that misses the current generation and
 * finds the string in the previous one moves it over; once the current one is full it becomes the
 * previous one (the old previous one is dropped). A string seen at least once per generation stays
 * shared; one seen once (a uid) is forgotten after two generations.
 */
export class StringTable {
  readonly #limit: number;
  #current = new Map<string, string>();
  #previous = new Map<string, string>();

  /** @param limit strings per generation */
  constructor(limit = STRING_TABLE_GENERATION) {
    this.#limit = limit;
  }

  /** Strings held (both generations). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /** The table's copy of `s` (`s` itself the first time it is seen). */
  intern(s: string): string {
    if (s.length <= V8_INTERNALIZED_LENGTH || s.length > MAX_INTERNED_LENGTH) return s;
    let shared = this.#current.get(s);
    if (shared !== undefined) return shared;
    shared = this.#previous.get(s) ?? s;
    if (this.#current.size >= this.#limit) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(shared, shared);
    return shared;
  }
}

/** Strings per generation of a store's {@link StringTable}. */
export const STRING_TABLE_GENERATION = 65_536;

/**
 * `JSON.parse` in V8 already shares string values of up to 10 characters (it internalizes them, as
 * it does property names), so the table leaves them alone.
 */
const V8_INTERNALIZED_LENGTH = 10;

/** Longer strings (certificates, scripts, embedded documents) are rarely repeated: not interned. */
const MAX_INTERNED_LENGTH = 1024;
