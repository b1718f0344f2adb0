/**
 * `pnpm bench`: the full comparison with the Go and Rust peers (bench/compare.ts, all scenarios).
 * `pnpm bench <scenario,...>` (sync, watch, read, reconcile, floor): some scenarios of it.
 * `pnpm bench <name>`: runs `bench/<name>.ts` (cache, cached-client, client, manager, serve, testing); a
 * kebab-case name names the camelCase file (`cached-client` runs `bench/cachedClient.ts`). Always
 * after `tsc -b`, so it measures the built packages. Benchmarks are not part of `pnpm test`; they
 * are type-checked and linted with the tests.
 */
import { readdirSync } from 'node:fs';

const SCENARIOS = ['sync', 'watch', 'read', 'reconcile', 'floor'];
const names = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'compare.ts')
  .map((f) => f.slice(0, -3));
const arg = process.argv[2];
const name = arg?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
if (arg === undefined || arg.startsWith('--') || arg.split(',').every((s) => SCENARIOS.includes(s))) {
  await import('./compare.ts');
} else if (name !== undefined && names.includes(name)) {
  await import(`./${name}.ts`);
} else {
  const kebab = names.map((n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  console.error(`usage: pnpm bench [${SCENARIOS.join(',')}] [options] | pnpm bench <${kebab.join('|')}>`);
  process.exit(2);
}
