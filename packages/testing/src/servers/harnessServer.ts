import { createInterface, type Interface } from 'node:readline';
import { TestEnvironmentError, type TestEnvironmentErrorReason } from '../errors.js';
import type { RunningServer } from './runningServer.js';
import { ServerProcess } from './serverProcess.js';

/** One JSON line the harness writes to stdout. */
interface HarnessEvent {
  event: string;
  message?: string;
  server?: string;
  port?: number;
  etcdPort?: number;
  kubeconfig?: string;
  startMillis?: number;
  revision?: number;
}

interface HarnessStartOptions {
  binary: string;
  dataDir: string;
  serverArgs: readonly string[];
  verbose: boolean;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/**
 * kubekit's Go harness: a genuine kube-apiserver over an etcd embedded in the same process, driven
 * through JSON lines on stdout and one-word commands on stdin.
 */
export class HarnessServer implements RunningServer {
  readonly backend = 'harness' as const;
  private proc: ServerProcess;
  private lines: Interface;
  private ready: HarnessEvent;

  private constructor(
    private readonly options: HarnessStartOptions,
    proc: ServerProcess,
    lines: Interface,
    ready: HarnessEvent,
  ) {
    this.proc = proc;
    this.lines = lines;
    this.ready = ready;
  }

  /** Spawns the harness and resolves once it reports ready. */
  static async start(options: HarnessStartOptions): Promise<HarnessServer> {
    const { proc, lines, ready } = await HarnessServer.spawn(options, []);
    return new HarnessServer(options, proc, lines, ready);
  }

  get url(): string {
    return this.ready.server as string;
  }

  get kubeconfigPath(): string {
    return this.ready.kubeconfig as string;
  }

  get etcdUrl(): string {
    return `http://127.0.0.1:${this.ready.etcdPort}`;
  }

  get startMillis(): number {
    return this.ready.startMillis ?? 0;
  }

  async compact(): Promise<number> {
    this.proc.child.stdin?.write('compact\n');
    const ev = await waitFor(this.proc, this.lines, 'compacted', 'Timeout', 'compacting etcd', 30_000, undefined);
    return ev.revision ?? 0;
  }

  async restart(): Promise<void> {
    await this.stop();
    const ports = ['--port', String(this.ready.port), '--etcd-port', String(this.ready.etcdPort)];
    const next = await HarnessServer.spawn({ ...this.options, signal: undefined }, ports);
    this.proc = next.proc;
    this.lines = next.lines;
    this.ready = next.ready;
  }

  async stop(): Promise<void> {
    this.lines.close();
    await this.proc.stop();
  }

  private static async spawn(
    options: HarnessStartOptions,
    extra: readonly string[],
  ): Promise<{ proc: ServerProcess; lines: Interface; ready: HarnessEvent }> {
    const args = ['--data-dir', options.dataDir, ...extra];
    if (options.verbose) args.push('--verbose');
    if (options.serverArgs.length > 0) args.push('--', ...options.serverArgs);
    const proc = new ServerProcess('kubekit-apiserver', options.binary, args, options.verbose);
    const lines = createInterface({ input: proc.child.stdout as NodeJS.ReadableStream });
    try {
      const ready = await waitFor(
        proc,
        lines,
        'ready',
        'StartFailed',
        'starting the API server harness',
        options.timeoutMs,
        options.signal,
      );
      return { proc, lines, ready };
    } catch (err) {
      lines.close();
      await proc.stop();
      throw err;
    }
  }
}

/**
 * Waits for the next event named `expected`. An `error` event, the process exiting, the timeout or
 * the signal end the wait with a {@link TestEnvironmentError} that carries the harness's last log lines.
 */
function waitFor(
  proc: ServerProcess,
  lines: Interface,
  expected: string,
  failReason: TestEnvironmentErrorReason,
  what: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<HarnessEvent> {
  return new Promise((resolve, reject) => {
    const fail = (reason: TestEnvironmentErrorReason, message: string, cause?: unknown) => {
      cleanup();
      // Let a failing harness finish writing its log (it exits right after an error line).
      const settled = new Promise((r) => setTimeout(r, 1_000).unref());
      void Promise.race([proc.exited, settled]).then(() => {
        const tail = proc.stderrTail();
        const log = tail ? `\n--- server log ---\n${tail}` : '';
        reject(new TestEnvironmentError(reason, `${what}: ${message}${log}`, { cause }));
      });
    };
    const onLine = (line: string) => {
      let ev: HarnessEvent;
      try {
        ev = JSON.parse(line) as HarnessEvent;
      } catch {
        return; // not a protocol line
      }
      if (ev.event === expected) {
        cleanup();
        resolve(ev);
      } else if (ev.event === 'error') {
        fail(failReason, ev.message ?? 'the harness reported an error');
      }
    };
    const onExit = () => fail(failReason, `the harness exited (${proc.child.exitCode ?? proc.child.signalCode})`);
    const onAbort = () => fail('Aborted', 'aborted', signal?.reason);
    const timer = setTimeout(() => fail('Timeout', `no '${expected}' after ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      lines.off('line', onLine);
      proc.child.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    lines.on('line', onLine);
    proc.child.once('exit', onExit);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    if (!proc.running) void proc.exited.then(onExit);
  });
}
