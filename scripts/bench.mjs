#!/usr/bin/env node
/**
 * `pnpm bench <package>`: runs bench/<package>.mjs against the built packages and prints a table.
 * Benchmarks measure; they assert nothing (tests never time anything).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const file = fileURLToPath(new URL(`../bench/${name}.mjs`, import.meta.url));
if (!name || !existsSync(file)) {
  console.error(`usage: pnpm bench <package>   (no bench/${name ?? '<package>'}.mjs)`);
  process.exit(2);
}
await import(file);
