import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The hand-written real-world-style CRDs. */
export const FIXTURE_CRD_DIR = join(REPO_ROOT, 'test/fixtures/crds');
/** Their file names. */
export const FIXTURE_CRD_FILES = (await readdir(FIXTURE_CRD_DIR)).filter((f) => f.endsWith('.yaml')).sort();
/** The built CLI (`pnpm jest` builds before it runs). */
export const CLI = join(REPO_ROOT, 'packages/crd/dist/cli.js');

/**
 * Runs `fn` with a fresh folder inside the repository (so generated TypeScript resolves zod and
 * @kubekit/crd from the workspace), removed afterwards.
 */
export async function withScratchDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(REPO_ROOT, '.tmp-crd-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a run of the CLI did. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `kubekit` CLI with `args`, feeding `stdin`, from the repository root, with `env` added to the environment. */
export function kubekit(args: readonly string[], stdin?: string, env?: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd: REPO_ROOT, env: { ...process.env, ...env } };
    const child = execFile(process.execPath, [CLI, ...args], options, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

/** A CRD compared for meaning: `required` order and empty `properties` maps say nothing. */
export function normalizeCrd(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeCrd);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'properties' && Object.keys(v as object).length === 0) continue;
    out[key] = key === 'required' ? [...(v as string[])].sort() : normalizeCrd(v);
  }
  return out;
}
