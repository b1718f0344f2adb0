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
  --from-start    start from the recorded initial state and play the recorded changes at
                  their offsets (default: serve the end state, all changes applied)
  --writable      accept writes, in memory (to run a controller against a recording)
  --help          this help
`;

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

  const { serveRecording } = await import('@kubekit/testing');
  const { server, url, kubeconfigPath } = await serveRecording({
    dir,
    port,
    speed,
    fromStart: values['from-start'] ?? false,
    writable: values.writable ?? false,
  });
  process.stdout.write(
    `serving the recording ${dir} at ${url}${values.writable ? ' (writable, in memory)' : ' (read-only)'}\nexport KUBECONFIG=${kubeconfigPath}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}
