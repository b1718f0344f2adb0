/**
 * `pnpm bench`: the full comparison with the Go and Rust peers (bench/compare.ts, all scenarios).
 * `pnpm bench <scenario,...>` (sync, watch, read, reconcile, floor): some scenarios of it.
 * `pnpm bench <name>`: runs `bench/<name>.ts` (cache, client, testing). Always after `tsc -b`, so it
 * measures the built packages. Benchmarks are not part of `pnpm test`; they are type-checked and
 * linted with the tests.
 */
import { readdirSync } from 'node:fs';

const SCENARIOS = ['sync', 'watch', 'read', 'reconcile', 'floor'];
const names = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (name === undefined || name.startsWith('--') || name.split(',').every((s) => SCENARIOS.includes(s))) {
  await import('./compare.ts');
} else if (names.includes(name)) {
  await import(`./${name}.ts`);
} else {
  console.error(`usage: pnpm bench [${SCENARIOS.join('|')}] [options] | pnpm bench <${names.join('|')}>`);
  process.exit(2);
}
