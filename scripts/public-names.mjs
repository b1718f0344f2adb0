#!/usr/bin/env node
/**
 * Counts the public names of each published package: every name its built `dist/index.d.ts`
 * exports (types and values), and the run-time ones (what `dist/index.js` exports). Also lists the
 * run-time names exported by more than one package, which should be none.
 *
 *   pnpm run build && node scripts/public-names.mjs [--names]
 *
 * `--names` prints every package's names too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const showNames = process.argv.includes('--names');

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => {
    const manifest = join(dir, 'package.json');
    return existsSync(manifest) && !JSON.parse(readFileSync(manifest, 'utf8')).private;
  });

/** Every name a declaration file exports, through `export *` and re-exports. */
function declaredNames(dts) {
  const program = ts.createProgram([dts], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dts);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) return [];
  return checker.getExportsOfModule(module).map((symbol) => symbol.getName());
}

const rows = [];
const owners = new Map();
for (const dir of packages) {
  const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  const dts = join(dir, 'dist', 'index.d.ts');
  const js = join(dir, 'dist', 'index.js');
  if (!existsSync(dts) || !existsSync(js)) {
    console.error(`${name}: no dist/index.d.ts or dist/index.js (run pnpm run build)`);
    process.exitCode = 1;
    continue;
  }
  const all = declaredNames(dts).sort();
  const runtime = Object.keys(await import(pathToFileURL(js).href)).sort();
  for (const value of runtime) owners.set(value, [...(owners.get(value) ?? []), name]);
  rows.push({ name, total: all.length, runtime: runtime.length, all, runtimeNames: runtime });
}

const width = Math.max(...rows.map((row) => row.name.length));
console.log(`${'package'.padEnd(width)}  names  run-time`);
for (const row of rows) {
  console.log(`${row.name.padEnd(width)}  ${String(row.total).padStart(5)}  ${String(row.runtime).padStart(8)}`);
  if (showNames) console.log(`  ${row.all.join(', ')}\n`);
}
const total = rows.reduce((sum, row) => sum + row.total, 0);
const runtime = rows.reduce((sum, row) => sum + row.runtime, 0);
console.log(`${'total'.padEnd(width)}  ${String(total).padStart(5)}  ${String(runtime).padStart(8)}`);

const shared = [...owners].filter(([, names]) => names.length > 1);
console.log(`run-time names exported by two packages or more: ${shared.length}`);
for (const [value, names] of shared) console.log(`  ${value}: ${names.join(', ')}`);
