/**
 * The one increasing resourceVersion of a fake API server, like etcd's revision: every write of
 * any object takes the next number.
 */
export class ResourceVersionCounter {
  private current: number;

  /** @param start the last revision already used (the first write gets `start + 1`) */
  constructor(start = 1) {
    this.current = start;
  }

  /** The latest revision handed out. */
  get latest(): number {
    return this.current;
  }

  /** Takes the next revision. */
  next(): number {
    this.current += 1;
    return this.current;
  }

  /** Moves the latest revision up to `rv` (a recorded one); a lower `rv` changes nothing. */
  advanceTo(rv: number): void {
    this.current = Math.max(this.current, rv);
  }

  /** Parses a resourceVersion from a request; undefined for '' and undefined, NaN for garbage. */
  static parse(rv: string | undefined): number | undefined {
    if (rv === undefined || rv === '') return undefined;
    return /^\d+$/.test(rv) ? Number(rv) : Number.NaN;
  }
}
