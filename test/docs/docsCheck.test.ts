/**
 * scripts/docs-check.mjs, run as `pnpm run docs:check` runs it, on pages written for the test: a
 * block that does not compile, a fragment that does not parse, a runnable block that throws, and
 * the markers it does not know fail the check, naming the page line; `continued` blocks see the
 * names of the blocks before them, and a runnable block reaches a FakeApiServer through KUBECONFIG.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = resolve(import.meta.dirname, '../..');
const scratch = join(root, `.tmp-docs-test-${process.pid}`);

async function docsCheck(page: string, markdown: string): Promise<{ code: number | null; output: string }> {
  const file = join(scratch, page);
  await writeFile(file, markdown);
  const child = spawn(
    process.execPath,
    [join(root, 'scripts/docs-check.mjs'), `--out=${join(scratch, `out-${page}`)}`, file],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (b) => {
    output += b;
  });
  child.stderr.on('data', (b) => {
    output += b;
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, output };
}

const fence = (info: string, code: string) => `\`\`\`${info}\n${code}\n\`\`\`\n`;

describe('docs-check', () => {
  beforeAll(() => mkdir(scratch, { recursive: true }));
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('passes a page whose blocks compile, continue each other and run against FakeApiServer', async () => {
    const page = [
      '# ok\n',
      fence(
        'ts run',
        [
          "import assert from 'node:assert/strict';",
          "import { builtinKinds, Client } from '@kubekit/client';",
          "import { KubeConfig } from '@kubernetes/client-node';",
          'const kubeConfig = new KubeConfig();',
          'kubeConfig.loadFromDefault();',
          'using client = new Client({ kubeConfig });',
        ].join('\n'),
      ),
      'Some prose.\n',
      fence(
        'ts continued',
        [
          "import { builtinKinds } from '@kubekit/client'; // already imported above: dropped",
          "const deployments = await client.list(builtinKinds.Deployment, { namespace: 'demo' }); // seeded",
          'assert.ok(deployments.items.length > 0);',
          "const widgets = await client.list({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget' }); // fixture CRD",
          'assert.equal(widgets.items.length, 0);',
        ].join('\n'),
      ),
      fence('ts fragment', "client.get(Kind, 'name') // names from nowhere: only parsed"),
    ].join('\n');
    const { code, output } = await docsCheck('ok.md', page);
    expect(output).toContain('3 code blocks of 1 pages checked, 1 modules type-checked, 1 run');
    expect(code).toBe(0);
  }, 120_000);

  it('fails on a block that does not compile, a fragment that does not parse and unknown markers', async () => {
    const page = [
      '# bad\n',
      fence('ts', "const size: number = 'three';"),
      fence('ts fragment', 'client.get(Kind,'),
      fence('ts runn', 'const x = 1;'),
      fence('ts continued', 'size.toFixed();'),
    ].join('\n');
    const { code, output } = await docsCheck('bad.md', page);
    expect(code).toBe(1);
    expect(output).toContain("bad.md:4: TS2322: Type 'string' is not assignable to type 'number'.");
    expect(output).toMatch(/bad\.md:8: .*expected/);
    expect(output).toContain('bad.md:11: unknown marker runn');
    expect(output).not.toContain('bad.md:15');
  }, 120_000);

  it('fails on a runnable block that throws, naming the page line of the throw', async () => {
    const page = ['# throws\n', fence('ts run', "const n = 1;\nif (n === 1) throw new Error('the docs lie');")].join(
      '\n',
    );
    const { code, output } = await docsCheck('throws.md', page);
    expect(code).toBe(1);
    expect(output).toContain('throws.md:4: the runnable block failed: exit code 1');
    expect(output).toContain('Error: the docs lie');
    expect(output).toContain('throws.md:5');
  }, 120_000);
});
