#!/usr/bin/env node
/**
 * Checks the TypeScript code blocks of README.md and docs/*.md, so the docs stay true:
 *
 *   pnpm run build && node scripts/docs-check.mjs [--no-run] [--out=DIR] [file.md...]
 *
 * A block's info string says what is checked (README.md, "Docs that run"):
 *
 *   ```ts            a whole module: type-checked (strict, the repository's compiler settings)
 *   ```ts run        type-checked, then run against a FakeApiServer
 *   ```ts continued  appended to the page's blocks before it (back to the last one that is not
 *                    `continued`): checked (and run, when that first block is `run`) with them,
 *                    so it may use their names; its imports of names they imported are dropped
 *   ```ts fragment   only parsed: a piece of code that is not a module (a signature, a call)
 *   ```js            parsed; other languages (sh, yaml, none) are not checked
 *
 * The blocks are written to `.tmp-docs/` (or `--out`, a folder inside the repository), so `@kubekit/*`, zod and
 * client-node resolve from the workspace (the packages' built `dist/`). A runnable block runs as
 * its own Node process (ES module, top-level await) with the repository as working directory and
 * KUBECONFIG naming a fresh FakeApiServer that serves the CRDs of test/fixtures/crds.yaml (Widget,
 * Gadget) and the seeded namespace `demo`: `new KubeConfig().loadFromDefault()` reaches it. A block
 * may start its own FakeApiServer instead. It fails when it throws, exits non-zero or is still
 * running after 60 s.
 *
 * Exit code 1 when any block fails; each failure is named by page and line.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const RUN_TIMEOUT_MS = 60_000;
const FLAGS = new Set(['run', 'continued', 'fragment']);
const TS_LANGS = new Set(['ts', 'typescript']);
const JS_LANGS = new Set(['js', 'javascript', 'mjs']);

const args = process.argv.slice(2);
const noRun = args.includes('--no-run');
const outArg = args.find((a) => a.startsWith('--out='));
const outDir = resolve(root, outArg ? outArg.slice('--out='.length) : '.tmp-docs');
if (!outDir.startsWith(`${root}/`)) {
  console.error(`docs-check: --out must be a folder inside ${root}, so @kubekit/* resolve from the workspace`);
  process.exit(2);
}
const only = args.filter((a) => !a.startsWith('--'));
const pages = only.length
  ? only.map((p) => resolve(p))
  : [
      join(root, 'README.md'),
      ...readdirSync(join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => join(root, 'docs', f)),
    ];

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

/** The fenced code blocks of a page: language, flags, first code line (1-based) and code. */
function blocksOf(page) {
  const lines = readFileSync(page, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const [lang = '', ...flags] = (open[2] ?? '').trim().split(/\s+/);
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').startsWith(fence)) end++;
    blocks.push({ page, lang: lang.toLowerCase(), flags, line: i + 2, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** The names an import declaration binds. */
function importedNames(decl) {
  const clause = decl.importClause;
  if (!clause) return [];
  const names = clause.name ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) for (const s of bindings.elements) names.push(s.name.text);
  return names;
}

/**
 * The code of a `continued` block without its imports of names the blocks before it already bound
 * (line count kept, so diagnostics still point at the page's lines).
 */
function withoutRepeatedImports(code, bound) {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true);
  const edits = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const names = importedNames(statement);
    const fresh = names.filter((n) => !bound.has(n));
    for (const n of fresh) bound.add(n);
    if (fresh.length === names.length) continue;
    const start = statement.getStart(source);
    const text = code.slice(start, statement.getEnd());
    const bindings = statement.importClause?.namedBindings;
    let kept = '';
    if (fresh.length > 0 && bindings && ts.isNamedImports(bindings) && !statement.importClause?.name) {
      const specifiers = bindings.elements.filter((e) => fresh.includes(e.name.text)).map((e) => e.getText(source));
      kept = `import { ${specifiers.join(', ')} } from ${statement.moduleSpecifier.getText(source)};`;
    } else if (fresh.length > 0) {
      continue; // a default or namespace import next to repeated names: left for tsc to judge
    }
    edits.push([start, statement.getEnd(), kept + text.replace(/[^\n]/g, '')]);
  }
  let out = code;
  for (const [start, end, replacement] of edits.reverse()) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}

/** Syntax errors of a piece of code, as "line: message" (line within the block, 0-based). */
function syntaxErrors(code, fileName) {
  const { diagnostics = [] } = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2023, module: ts.ModuleKind.ESNext },
  });
  return diagnostics.map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
    return { line, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}

// Group each page's TypeScript blocks into chains: a block, then the `continued` blocks after it.
const chains = [];
let checkedBlocks = 0;
for (const page of pages) {
  const rel = relative(root, page);
  let chain;
  for (const block of blocksOf(page)) {
    const fenceAt = `${rel}:${block.line - 1}`; // marker problems: the fence's line
    const isTs = TS_LANGS.has(block.lang);
    if (!isTs && !JS_LANGS.has(block.lang)) continue;
    checkedBlocks++;
    const unknown = block.flags.filter((f) => !FLAGS.has(f));
    if (unknown.length > 0) {
      fail(fenceAt, `unknown marker ${unknown.join(' ')} (known: ${[...FLAGS].join(', ')})`);
      continue;
    }
    if (!isTs || block.flags.includes('fragment')) {
      if (block.flags.length > (block.flags.includes('fragment') ? 1 : 0)) {
        fail(fenceAt, 'a fragment (or a js block) takes no other marker');
      }
      for (const e of syntaxErrors(block.code, isTs ? 'fragment.ts' : 'fragment.js')) {
        fail(`${rel}:${block.line + e.line}`, e.message);
      }
      continue;
    }
    if (block.flags.includes('continued')) {
      if (!chain || chain.page !== page) {
        fail(fenceAt, '`continued` but no TypeScript block before it on this page');
        continue;
      }
      if (block.flags.includes('run')) fail(fenceAt, '`run` goes on the first block of a chain, not a `continued` one');
      chain.blocks.push(block);
    } else {
      chain = { page, rel, run: block.flags.includes('run'), blocks: [block] };
      chains.push(chain);
    }
  }
}

// Write each chain as one module; remember which module line is which page line.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const chain of chains) {
  const head = chain.blocks[0];
  chain.file = join(outDir, `${chain.rel.replace(/[^A-Za-z0-9]+/g, '_')}_${head.line}.ts`);
  const bound = new Set();
  const parts = [];
  chain.lineMap = []; // module line (0-based) -> page line
  for (const [i, block] of chain.blocks.entries()) {
    const code = i === 0 ? block.code : withoutRepeatedImports(block.code, bound);
    if (i === 0) {
      const source = ts.createSourceFile('b.ts', code, ts.ScriptTarget.Latest, true);
      for (const s of source.statements) if (ts.isImportDeclaration(s)) for (const n of importedNames(s)) bound.add(n);
    }
    code.split('\n').forEach((_, j) => {
      chain.lineMap.push(block.line + j);
    });
    parts.push(code);
  }
  // `export {}` keeps a block without imports a module (top-level await, its own scope).
  writeFileSync(chain.file, `${parts.join('\n')}\nexport {};\n`);
}

const pageLine = (chain, line) => `${chain.rel}:${chain.lineMap[line] ?? chain.lineMap.at(-1)}`;

// Type-check every chain with the repository's strict settings; emit JavaScript for the runs.
const base = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.base.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const options = {
  ...base.options,
  composite: false,
  declaration: false,
  declarationMap: false,
  incremental: false,
  tsBuildInfoFile: undefined,
  noEmit: false,
  sourceMap: true,
  rootDir: outDir,
  outDir,
  // Blocks may show a value without using it (`Backup.crd; // the CRD object`).
  noUnusedLocals: false,
  noUnusedParameters: false,
};
const program = ts.createProgram(
  chains.map((c) => c.file),
  options,
);
const byFile = new Map(chains.map((c) => [c.file, c]));
for (const d of [...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics]) {
  const chain = d.file && byFile.get(resolve(d.file.fileName));
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!chain || d.start === undefined) {
    fail(d.file ? relative(root, d.file.fileName) : 'tsc', message);
    continue;
  }
  const { line } = d.file.getLineAndCharacterOfPosition(d.start);
  fail(pageLine(chain, line), `TS${d.code}: ${message}`);
}

/** Runs one chain's JavaScript against a fresh FakeApiServer; resolves to an error text or undefined. */
async function run(chain) {
  const { FakeApiServer } = await import('@kubekit/testing');
  // try/finally, not `await using`: the script also runs on Node 22, which lacks the syntax.
  const server = await FakeApiServer.start({ crds: [join(root, 'test/fixtures/crds.yaml')], seed: true });
  try {
    return await runOn(server, chain);
  } finally {
    await server.stop();
  }
}

/** Runs one chain's JavaScript with KUBECONFIG naming `server`. */
async function runOn(server, chain) {
  const js = chain.file.replace(/\.ts$/, '.js');
  const child = spawn(process.execPath, ['--enable-source-maps', js], {
    cwd: root,
    env: { ...process.env, KUBECONFIG: server.kubeconfigPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b) => {
    output += b;
  });
  child.stderr.on('data', (b) => {
    output += b;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const [code, signal] = await new Promise((done) => child.on('exit', (c, s) => done([c, s])));
  clearTimeout(timer);
  if (code === 0) return undefined;
  // Stack frames name the module's lines: say which page lines they are.
  const name = chain.file.split('/').at(-1);
  const mapped = output.replace(new RegExp(`[^\\s(]*${name.replace('.', '\\.')}:(\\d+)(:\\d+)?`, 'g'), (_, n) =>
    pageLine(chain, Number(n) - 1),
  );
  const why = signal ? `still running after ${RUN_TIMEOUT_MS / 1000} s` : `exit code ${code}`;
  return `${why}\n${mapped.trim().replace(/^/gm, '    ')}`;
}

let ran = 0;
if (!noRun && failures.length === 0) {
  for (const chain of chains.filter((c) => c.run)) {
    ran++;
    const error = await run(chain);
    if (error) fail(`${chain.rel}:${chain.blocks[0].line}`, `the runnable block failed: ${error}`);
  }
}

if (failures.length > 0) {
  console.error(failures.join('\n'));
  console.error(`\ndocs-check: ${failures.length} problem(s) in the code blocks of ${pages.length} page(s)`);
  process.exitCode = 1;
} else {
  rmSync(outDir, { recursive: true, force: true });
  console.log(
    `docs-check: ${checkedBlocks} code blocks of ${pages.length} pages checked, ${chains.length} modules type-checked, ${ran} run`,
  );
}
