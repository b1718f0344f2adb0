/**
 * `kubekit serve DIR`: serves a recording made by `kubekit gather` read-only through
 * `FakeApiServer` on loopback and prints a kubeconfig, until Ctrl-C.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseInteger, parsePositive } from '../args.js';
import { CommandError, UsageError } from '../errors.js';

export const HELP = `usage: kubekit serve DIR [options]

Serves the recording in DIR (made by kubekit gather) as a read-only API server on 127.0.0.1 and
prints a kubeconfig for kubectl and controllers: the recorded discovery, get, list (label and field
selectors, tables), and watch, which replays the recorded changes at their original offsets.
Objects keep their recorded uids, resourceVersions, timestamps and owner references. Writes are
refused with 405 MethodNotAllowed unless --writable. Runs until Ctrl-C.

Options:
  --port N        the port (default: 0, a free one)
  --speed F       replay changes F times as fast (default: 1)
  --from-start    replay the changes from the start of the recording for each new watch
                  (default: watches see the changes from the moment the server started)
  --writable      accept writes, in memory (to run a controller against a recording)
  --help          this help
`;

/** What `kubekit serve` asks of the server that serves a recording. */
export interface RecordingServerOptions {
  /** The recording folder. */
  dir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Replay speed factor. */
  speed: number;
  /** Replay the changes from the start for each new watch. */
  fromStart: boolean;
  /** Accept writes in memory. */
  writable: boolean;
}

/** A server of a recording, as `kubekit serve` uses it. */
export interface RecordingServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  stop(): Promise<void>;
}

/**
 * Starts the server of a recording: `FakeApiServer.start({ recording })` of `@kubekit/testing`
 * (the one seam between this command and the server that reads recordings).
 */
export async function startRecordingServer(o: RecordingServerOptions): Promise<RecordingServer> {
  const { FakeApiServer } = await import('@kubekit/testing');
  const start = FakeApiServer.start as (options: object) => Promise<RecordingServer>;
  return start({
    port: o.port,
    recording: o.dir,
    replay: { speed: o.speed, fromStart: o.fromStart },
    writable: o.writable,
  });
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      'from-start': { type: 'boolean' },
      writable: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'expected the recording folder DIR'
        : `expected one folder, got ${positionals.join(' ')}`,
    );
  }
  const dir = positionals[0] as string;
  const port = parseInteger('--port', values.port, 0, 0);
  if (port > 65535) throw new UsageError(`--port ${port}: expected a port 0-65535`);
  const speed = parsePositive('--speed', values.speed, 1);
  const manifest = join(dir, 'recording.json');
  const found = await stat(manifest).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!found)
    throw new CommandError(`${dir} is not a recording: ${manifest} is missing (make one with kubekit gather)`);

  const server = await startRecordingServer({
    dir,
    port,
    speed,
    fromStart: values['from-start'] ?? false,
    writable: values.writable ?? false,
  });
  process.stdout.write(
    `serving the recording ${dir} at ${server.url}${values.writable ? ' (writable, in memory)' : ' (read-only)'}\nexport KUBECONFIG=${server.kubeconfigPath}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}
