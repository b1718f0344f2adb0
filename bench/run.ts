/**
 * `pnpm bench <name>`: runs `bench/<name>.ts` (after `tsc -b`, so it measures the built packages); a
 * kebab-case name names the camelCase file (`cached-client` runs `bench/cachedClient.ts`).
 * Benchmarks are not part of `pnpm test`; they are type-checked and linted with the tests.
 */
import { readdirSync } from 'node:fs';

const names = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3));
const name = process.argv[2]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
if (!name || !names.includes(name)) {
  const kebab = names.map((n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  console.error(`usage: pnpm bench <${kebab.join('|')}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
