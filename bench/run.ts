/**
 * `pnpm bench <name>`: runs `bench/<name>.ts` (after `tsc -b`, so it measures the built packages).
 * Benchmarks are not part of `pnpm test`; they are type-checked and linted with the tests.
 */
import { readdirSync } from 'node:fs';

const names = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: pnpm bench <${names.join('|')}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
