import { readFile } from 'node:fs/promises';
import { FakeApiServer } from '../fake/fakeApiServer.js';
import type { RecordingProblem } from './readRecording.js';

/** Options of {@link serveRecording}. */
export interface ServeRecordingOptions {
  /** The recording folder (what `kubekit gather` wrote). */
  dir: string;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Allow writes, in memory (the folder is never written); otherwise they get 405. @default false */
  writable?: boolean;
  /** How much faster than recorded the changes are played. @default 1 */
  speed?: number;
  /**
   * Start from the recorded initial state and play the recorded changes in time; otherwise serve
   * the end state (see `FakeApiServerOptions.replay`). @default false
   */
  fromStart?: boolean;
  /** Where each problem of the recording is written, one line each. @default a line on stderr */
  log?: (line: string) => void;
  /** Cancels the start. @default undefined */
  signal?: AbortSignal;
}

/** A recording being served: what to print, and the server to stop. */
export interface ServedRecording {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** A kubeconfig (YAML text) for the server: context `kubekit`, the admin user. */
  kubeconfig: string;
  /** Where that kubeconfig is written (removed when the server stops). */
  kubeconfigPath: string;
  /** What of the recording is not served, and why (also logged, as are those of changes replayed later). */
  problems: readonly RecordingProblem[];
  /** The server; `stop()` it when done. */
  server: FakeApiServer;
}

/**
 * Serves a recording on loopback through a {@link FakeApiServer} (what `kubekit serve DIR` runs):
 * read-only unless `writable`, with the recorded changes played as `fromStart` and `speed` say.
 * Problems of the recording (a corrupt file, a kind without definition, an unreadable folder) are
 * logged and returned; the rest is served.
 * @throws {@link TestEnvironmentError} `InvalidRecording` when the folder cannot be read or
 * `speed` is not a positive number; `StartFailed` when the port cannot be listened on.
 */
export async function serveRecording(options: ServeRecordingOptions): Promise<ServedRecording> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const server = await FakeApiServer.start({
    recording: options.dir,
    port: options.port ?? 0,
    writable: options.writable ?? false,
    replay: { speed: options.speed ?? 1, fromStart: options.fromStart ?? false },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const warn = (p: RecordingProblem) => log(`warning: ${p.reason}: ${p.message}`);
  for (const p of server.problems) warn(p);
  server.onProblem(warn);
  return {
    url: server.url,
    kubeconfig: await readFile(server.kubeconfigPath, 'utf8'),
    kubeconfigPath: server.kubeconfigPath,
    problems: server.problems,
    server,
  };
}
