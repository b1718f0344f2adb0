import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, constants, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TestEnvironmentError } from '../errors.js';

const run = promisify(execFile);

/** Name of the harness executable. */
export const HARNESS_BINARY_NAME = 'kubekit-apiserver';

/** Folder holding the harness's Go source (go.mod, *.go), shipped with the package. */
export const HARNESS_SOURCE_DIR = fileURLToPath(new URL('../../harness/', import.meta.url));

/** Where the harness binary came from, and how long a build took (0 when none was needed). */
export interface HarnessBinary {
  path: string;
  builtMillis: number;
}

/**
 * Finds the harness binary: `explicit` when given (it must exist), else the copy built for the
 * current source in `cacheDir`, else builds one with the `go` on PATH. Throws `Unavailable`
 * when there is neither a binary nor a Go toolchain.
 */
export async function resolveHarnessBinary(opts: {
  explicit: string | undefined;
  cacheDir: string;
  log?: (line: string) => void;
}): Promise<HarnessBinary> {
  if (opts.explicit) {
    if (!(await isExecutable(opts.explicit))) {
      throw new TestEnvironmentError('Unavailable', `harness binary ${opts.explicit} is not an executable file`);
    }
    return { path: opts.explicit, builtMillis: 0 };
  }
  const hash = await sourceHash();
  const path = join(opts.cacheDir, 'harness', hash, HARNESS_BINARY_NAME);
  if (await isExecutable(path)) return { path, builtMillis: 0 };
  const go = await goVersion();
  if (!go) {
    throw new TestEnvironmentError(
      'Unavailable',
      'the API server harness needs Go to build it (no `go` on PATH, and no KUBEKIT_APISERVER_BINARY or KUBEBUILDER_ASSETS set)',
    );
  }
  opts.log?.(`building the API server harness with ${go} (first run only; cached in ${path})`);
  const started = Date.now();
  await mkdir(join(opts.cacheDir, 'harness', hash), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const ldflags = ['-s', '-w', ...(await versionLdflags())].join(' ');
    await run('go', ['build', `-ldflags=${ldflags}`, '-o', tmp, '.'], {
      cwd: HARNESS_SOURCE_DIR,
      env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=readonly`.trim() },
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new TestEnvironmentError('Unavailable', `building the API server harness failed:\n${stderr}`, {
      cause: err,
    });
  }
  const builtMillis = Date.now() - started;
  opts.log?.(`built the API server harness in ${(builtMillis / 1000).toFixed(1)} s`);
  return { path, builtMillis };
}

/**
 * Linker flags that stamp the Kubernetes release the harness is built from (the `k8s.io/kubernetes`
 * requirement of its go.mod) into the binary, as Kubernetes' own build does; without them `/version`
 * reports `v0.0.0-master`, which kubectl and version checks cannot use.
 */
async function versionLdflags(): Promise<string[]> {
  const goMod = await readFile(join(HARNESS_SOURCE_DIR, 'go.mod'), 'utf8');
  const m = /^\s*k8s\.io\/kubernetes v(\d+)\.(\d+)\.(\d+)\s*$/m.exec(goMod);
  if (!m) return [];
  const pkg = 'k8s.io/component-base/version';
  return [
    `-X ${pkg}.gitVersion=v${m[1]}.${m[2]}.${m[3]}`,
    `-X ${pkg}.gitMajor=${m[1]}`,
    `-X ${pkg}.gitMinor=${m[2]}`,
    `-X ${pkg}.gitTreeState=clean`,
  ];
}

/** A short hash of the harness source: a changed .go, go.mod or go.sum file means a new binary. */
async function sourceHash(): Promise<string> {
  const names = (await readdir(HARNESS_SOURCE_DIR))
    .filter((n) => n.endsWith('.go') || n === 'go.mod' || n === 'go.sum')
    .sort();
  if (!names.includes('go.mod')) {
    throw new TestEnvironmentError('Unavailable', `no harness source in ${HARNESS_SOURCE_DIR}`);
  }
  const hash = createHash('sha256');
  for (const name of names) {
    hash
      .update(name)
      .update('\0')
      .update(await readFile(join(HARNESS_SOURCE_DIR, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function goVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('go', ['version']);
    return stdout.trim().split(' ')[2];
  } catch {
    return undefined;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
