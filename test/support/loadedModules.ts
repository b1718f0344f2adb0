/**
 * What a fresh Node process loads: for tests that a package loads a dependency only when it is
 * needed (a start-up cost every operator and CLI would pay otherwise).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `body` (an ES module body; it may push strings to `out` and read `loaded`) in a fresh Node
 * process at the repository root, recording the resolved URL of every module it loads.
 */
export function loadedBy(body: string): { loaded: string[]; output: string } {
  const script = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
const out = [];
${body}
console.log(JSON.stringify({ loaded, output: out.join(' ') }));
`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as { loaded: string[]; output: string };
}

/** The URLs of `loaded` inside package `name`'s folder. */
export function modulesOf(loaded: readonly string[], name: string): string[] {
  return loaded.filter((u) => u.includes(`/node_modules/${name}/`));
}
