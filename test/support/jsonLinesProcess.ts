/**
 * A Node program of the tests or benches (a manager replica, a fixture operator) in a process of
 * its own: it gets its options as one JSON argument and prints one JSON object per line on
 * stdout, which this collects in `lines`. The program stops when its stdin closes or on a signal.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** How the process ended: its exit code, or the signal that killed it. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running program and the JSON lines it printed so far. */
export class JsonLinesProcess<Line> {
  /** Every line printed so far, parsed, in order. */
  readonly lines: Line[] = [];
  /** Settles when the process has exited and its output is read. */
  readonly exited: Promise<ProcessEnd>;
  readonly #child: ChildProcess;
  #stderr = '';

  /**
   * Starts `script` (a file Node runs: .ts files run through Node's type stripping) with
   * `options` as its one argument and `env` on top of this process's environment.
   * `onLine` sees each line as it arrives, after it is added to `lines`.
   */
  constructor(script: string, options: unknown, env: NodeJS.ProcessEnv = {}, onLine?: (line: Line) => void) {
    this.#child = spawn(process.execPath, ['--no-warnings=ExperimentalWarning', script, JSON.stringify(options)], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let pending = '';
    this.#child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as Line;
        this.lines.push(line);
        onLine?.(line);
      }
    });
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    // 'close': the process exited and its output streams are closed
    this.exited = new Promise((resolve) => this.#child.once('close', (code, signal) => resolve({ code, signal })));
  }

  /** The last 4,000 characters the program wrote on stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Sends `signal` to the process if it still runs. */
  kill(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }
}
