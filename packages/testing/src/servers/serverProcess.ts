import { type ChildProcess, spawn } from 'node:child_process';

/** Lines of a child's stderr kept for error messages. */
const TAIL_LINES = 40;

/** A spawned server process: the last lines of its stderr, its exit, and a stop that always ends it. */
export class ServerProcess {
  readonly child: ChildProcess;
  /** Settles with the exit code (or signal name) when the process has exited. */
  readonly exited: Promise<number | string>;
  private readonly tail: string[] = [];

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    verbose: boolean,
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      this.child.once('error', (err) => {
        this.tail.push(String(err));
        resolve('spawn-error');
      });
    });
    let partial = '';
    const keep = (lines: string[]) => {
      this.tail.push(...lines);
      if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES);
    };
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (verbose) process.stderr.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      keep(lines);
    });
    this.child.stderr?.on('end', () => partial && keep([partial]));
  }

  /** The last lines the process wrote to stderr, for error messages. */
  stderrTail(): string {
    return this.tail.join('\n');
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** Asks the process to stop (SIGTERM), and kills it after `graceMs`. Resolves when it has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}
