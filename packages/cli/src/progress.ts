/** A one-line progress display, redrawn in place on a terminal and silent anywhere else. */

/** Draws lines in place on `out` when it is a terminal, at most every `intervalMs`. */
export class ProgressLine {
  readonly #out: NodeJS.WriteStream;
  readonly #intervalMs: number;
  #last = 0;
  #shown = false;

  constructor(out: NodeJS.WriteStream = process.stdout, intervalMs = 100) {
    this.#out = out;
    this.#intervalMs = intervalMs;
  }

  /** Whether anything is drawn: only on a terminal. */
  get enabled(): boolean {
    return this.#out.isTTY === true;
  }

  /** Shows `text` (cut to the terminal's width), unless the last draw was under `intervalMs` ago. */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.#last < this.#intervalMs) return;
    this.#last = now;
    const width = Math.max(10, (this.#out.columns ?? 80) - 1);
    this.#out.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.#shown = true;
  }

  /** Clears the line (before the final output is written). */
  clear(): void {
    if (this.#shown) this.#out.write('\r\x1b[2K');
    this.#shown = false;
  }
}
