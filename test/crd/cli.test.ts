/**
 * The `kubekit` CLI, run as a child process on the fixtures: import real-world-style CRDs to
 * TypeScript, generate CRDs from that TypeScript, and get the same CRDs back.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CustomResourceDefinition } from '@kubekit/core';
import { parseCrds } from '@kubekit/crd';
import { Doohickey, Gizmo } from '../support/crdResources.js';
import { FIXTURE_CRD_DIR, FIXTURE_CRD_FILES, kubekit, normalizeCrd, withScratchDir } from './crdTestSupport.js';

const byName = (crds: CustomResourceDefinition[]) =>
  Object.fromEntries(crds.map((c) => [c.metadata.name, normalizeCrd(c)]));

describe('kubekit crd (CLI)', () => {
  it('prints help that names the commands, arguments and options', async () => {
    const top = await kubekit(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Usage: kubekit [options] [command]');
    expect(top.stdout).toContain('crd');
    const imp = await kubekit(['crd', 'import', '--help']);
    expect(imp.stdout).toContain('Usage: kubekit crd import [options] [file]');
    expect(imp.stdout).toContain('--no-docs');
    expect(imp.stdout).toContain('--optional <mode>');
    expect(imp.stdout).toContain('"optional", "nullish", default: "optional")');
    expect(imp.stdout).toContain('--from-cluster <name>');
    expect(imp.stdout).toContain('--context <name>');
    expect(imp.stdout).not.toContain('kubectl');
    const gen = await kubekit(['crd', 'generate', '--help']);
    expect(gen.stdout).toContain('Usage: kubekit crd generate [options] <modules...>');
  });

  it('round-trips every fixture: import to TypeScript, generate, and the same CRDs come back', async () => {
    await withScratchDir(async (dir) => {
      const originals: CustomResourceDefinition[] = [];
      for (const file of FIXTURE_CRD_FILES) {
        const path = join(FIXTURE_CRD_DIR, file);
        originals.push(...parseCrds(await readFile(path, 'utf8'), file));
        const imported = await kubekit(['crd', 'import', path, '-o', `${dir}/`]);
        expect(imported).toMatchObject({ code: 0, stderr: '' });
      }
      const modules = (await readdir(dir)).sort().map((f) => join(dir, f));
      expect(modules.map((m) => m.slice(dir.length + 1))).toEqual([
        'certificates.ts',
        'clusterissuers.ts',
        'clusters.ts',
        'prometheusrules.ts',
        'servicemonitors.ts',
      ]);
      const generated = await kubekit(['crd', 'generate', ...modules]);
      expect(generated.stderr).toBe('');
      const regenerated = parseCrds(generated.stdout);
      expect(byName(regenerated)).toEqual(byName(originals));

      // The second import is a fixed point: the same TypeScript again.
      const again = await kubekit(['crd', 'import', '-', '-o', join(dir, 'again/')], generated.stdout);
      expect(again.code).toBe(0);
      for (const m of modules) {
        const name = m.slice(dir.length + 1);
        expect(await readFile(join(dir, 'again', name), 'utf8')).toBe(await readFile(m, 'utf8'));
      }
    });
  });

  it('writes docs comments and .describe() by default, and neither with --no-docs', async () => {
    const file = join(FIXTURE_CRD_DIR, 'cluster-api.yaml');
    const withDocs = await kubekit(['crd', 'import', file]);
    expect(withDocs.stdout).toContain(
      '  /** Stops reconciling this cluster and its objects. */\n  paused: z.boolean().describe(',
    );
    expect(withDocs.stdout).toContain(
      '  /**\n   * The managed topology of the cluster.\n   *\n   * Changing the class is refused.\n   */\n  topology: ',
    );
    expect(withDocs.stdout).toContain('.describe("Stops reconciling this cluster and its objects.")');
    const without = await kubekit(['crd', 'import', file, '--no-docs']);
    expect(without.code).toBe(0);
    expect(without.stdout).not.toContain('/**');
    expect(without.stdout).not.toContain('.describe(');
    expect(without.stdout).not.toContain('description: "A Kubernetes cluster managed by Cluster API."');
  });

  it('writes fields that are not required as .nullish() with --optional nullish, and filters versions', async () => {
    const file = join(FIXTURE_CRD_DIR, 'cluster-api.yaml');
    const run = await kubekit(['crd', 'import', file, '--optional', 'nullish', '--versions', 'v1beta1']);
    expect(run.stdout).toContain('uid: z.string().nullish(),');
    expect(run.stdout).not.toContain('.optional()');
    expect(run.stdout).not.toContain('v1alpha4');
    const bad = await kubekit(['crd', 'import', file, '--optional', 'maybe']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("option '--optional <mode>' argument 'maybe' is invalid");
  });

  it('reads CRDs from stdin', async () => {
    const text = await readFile(join(FIXTURE_CRD_DIR, 'cluster-api.yaml'), 'utf8');
    const run = await kubekit(['crd', 'import'], text);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('export const Cluster = defineCustomResource({');
  });

  it('fails with a clear message on input without CRDs, or several CRDs and no --out', async () => {
    const none = await kubekit(['crd', 'import', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    expect(none).toMatchObject({ code: 1, stderr: 'kubekit: stdin holds no CustomResourceDefinition\n' });
    const several = await kubekit(['crd', 'import', join(FIXTURE_CRD_DIR, 'cert-manager.yaml')]);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('holds 2 CRDs; give --out <folder>');
    const broken = await kubekit(['crd', 'import', '-'], 'kind: [unclosed');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('cannot parse stdin (document 1)');
  });

  it('generates the CRDs a TypeScript module defines with zod', async () => {
    const run = await kubekit(['crd', 'generate', 'test/support/crdResources.ts']);
    expect(run.stderr).toBe('');
    // A module namespace lists its exports by name.
    expect(parseCrds(run.stdout)).toEqual([Doohickey.crd, Gizmo.crd]);
    const empty = await kubekit(['crd', 'generate', 'test/crd/crdTestSupport.ts']);
    expect(empty).toMatchObject({
      code: 1,
      stderr: 'kubekit: test/crd/crdTestSupport.ts exports no defineCustomResource result\n',
    });
  });
});
