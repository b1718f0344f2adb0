/**
 * Builds the peer programs of `pnpm bench` on first use and caches the binaries under
 * `~/.cache/kubekit/bench/` by a hash of their sources (like the test harness): controller-runtime
 * with the Go toolchain (modules from the Go module proxy), kube-rs with cargo (crates from
 * crates.io, release profile), and etcd-seed (Go), the bench's writer of seeded Pods straight into
 * the server's etcd. Builds run `nice`d: the benchmark machine is shared.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A peer program: where its sources are and how to build it. */
interface Peer {
  name: 'controller-runtime' | 'kube-rs' | 'etcd-seed';
  sources: string[];
  build(dir: string, out: string, cacheDir: string): Promise<void>;
}

const peersDir = fileURLToPath(new URL('.', import.meta.url));
const cacheRoot = join(homedir(), '.cache', 'kubekit', 'bench');

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '10', command, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${stderr}`)),
    );
  });
}

const peers: Peer[] = [
  {
    name: 'controller-runtime',
    sources: ['go.mod', 'go.sum', 'main.go', 'widget.go', 'footprint.go'],
    build: (dir, out) => run('go', ['build', '-o', out, '.'], dir),
  },
  {
    name: 'etcd-seed',
    sources: ['go.mod', 'go.sum', 'main.go'],
    build: (dir, out) => run('go', ['build', '-o', out, '.'], dir),
  },
  {
    name: 'kube-rs',
    sources: ['Cargo.toml', 'Cargo.lock', 'src/main.rs'],
    async build(dir, out, cacheDir) {
      const target = join(cacheDir, 'kube-rs-target');
      await run('cargo', ['build', '--release', '--locked'], dir, { CARGO_TARGET_DIR: target });
      await copyFile(join(target, 'release', 'kubekit-bench-kube-rs'), out);
    },
  },
];

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The binary of one peer, built now if its sources changed since the last build. */
async function binaryOf(peer: Peer, log: (line: string) => void): Promise<string> {
  const dir = join(peersDir, peer.name);
  const hash = createHash('sha256');
  for (const file of peer.sources) hash.update(file).update(await readFile(join(dir, file)));
  const out = join(cacheRoot, `${peer.name}-${hash.digest('hex').slice(0, 16)}`);
  if (await exists(out)) return out;
  await mkdir(cacheRoot, { recursive: true });
  log(`building ${peer.name} (once; cached as ${out})`);
  const t = performance.now();
  await peer.build(dir, out, cacheRoot);
  log(`built ${peer.name} in ${Math.round((performance.now() - t) / 1000)} s`);
  return out;
}

/** Paths of the peer binaries by name; builds what is missing, both at once. */
export async function buildPeers(log: (line: string) => void = console.error): Promise<Record<Peer['name'], string>> {
  const built = await Promise.all(peers.map((p) => binaryOf(p, log)));
  return Object.fromEntries(peers.map((p, i) => [p.name, built[i]])) as Record<Peer['name'], string>;
}
