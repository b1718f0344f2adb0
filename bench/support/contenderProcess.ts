/**
 * A contender of `pnpm bench` in a process of its own, driven over a line protocol that Node, Go
 * and Rust programs all speak: the child prints one JSON object per line on stdout, each with a
 * `phase`, and reads one command per line on stdin (`sync`, `gc`, `burst <n>`, `read`,
 * `reconcile <concurrency>`, `exit`). Between phases the child waits for the next command, so the
 * runner can sample its CPU and memory from /proc ({@link readProcSample}) at exact points.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ProcSample, readProcSample } from './procSample.ts';

/** One message of a contender. */
export type PhaseMessage = { phase: string } & Record<string, unknown>;

/** A running contender process. */
export class ContenderProcess {
  readonly name: string;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: PhaseMessage[] = [];
  private waiter: ((m: PhaseMessage | Error) => void) | undefined;
  private failure: Error | undefined;
  private readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(name: string, child: ChildProcessWithoutNullStreams) {
    this.name = name;
    this.child = child;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const m = JSON.parse(line) as PhaseMessage;
      // clear the waiter before calling it: a second line of the same chunk must queue, not vanish
      const waiter = this.waiter;
      this.waiter = undefined;
      if (waiter) waiter(m);
      else this.queue.push(m);
    });
    child.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      child.once('close', (code) => {
        this.failure = new Error(`${name} exited (${code}); stderr: ${this.stderr.trim()}`);
        const waiter = this.waiter;
        this.waiter = undefined;
        waiter?.(this.failure);
        resolve(code);
      });
    });
  }

  /** Starts `command args` niced like the runner, with `env` added to this process's environment. */
  static start(name: string, command: string, args: string[], env: Record<string, string>): ContenderProcess {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    return new ContenderProcess(name, child);
  }

  /** The process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** CPU and memory of the process now. */
  sample(): ProcSample {
    return readProcSample(this.pid);
  }

  /** Sends one command line. */
  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** The next message, which must be of `phase`. */
  async next(phase: string): Promise<PhaseMessage> {
    const m =
      this.queue.shift() ??
      (await new Promise<PhaseMessage | Error>((resolve) => {
        if (this.failure) resolve(this.failure);
        else this.waiter = resolve;
      }));
    if (m instanceof Error) throw m;
    if (m.phase !== phase) throw new Error(`${this.name}: expected phase '${phase}', got ${JSON.stringify(m)}`);
    return m;
  }

  /** The next message of `phase`, skipping messages of other phases. */
  async until(phase: string): Promise<PhaseMessage> {
    for (;;) {
      const m =
        this.queue.shift() ??
        (await new Promise<PhaseMessage | Error>((resolve) => {
          if (this.failure) resolve(this.failure);
          else this.waiter = resolve;
        }));
      if (m instanceof Error) throw m;
      if (m.phase === phase) return m;
    }
  }

  /** Sends `command` and waits for the message of `phase`. */
  async request(command: string, phase: string): Promise<PhaseMessage> {
    this.send(command);
    return this.next(phase);
  }

  /** Asks the process to exit, and kills it if it has not after `graceMs`. */
  async exit(graceMs = 5000): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.send('exit');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
