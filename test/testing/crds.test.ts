import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CustomResourceDefinition } from '@kubekit/core';
import { isTestEnvironmentError, readCrds } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';

const crd = (name: string): CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${name}s.x.io` },
  spec: {
    group: 'x.io',
    scope: 'Namespaced',
    names: { plural: `${name}s`, kind: name },
    versions: [{ name: 'v1', served: true, storage: true }],
  },
});

describe('readCrds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-crds-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every document of a multi-document YAML file, keeping x-kubernetes-* keys as spelled', async () => {
    const crds = await readCrds([FIXTURE_CRDS]);
    expect(crds.map((c) => c.metadata.name)).toEqual(['widgets.test.kubekit.dev', 'gadgets.test.kubekit.dev']);
    expect(crds[0]?.spec.versions[0]).toHaveProperty(
      ['schema', 'openAPIV3Schema', 'properties', 'spec', 'x-kubernetes-validations', '0', 'message'],
      'size must be at most 10',
    );
  });

  it('reads the YAML and JSON files of a folder in name order and ignores other files and empty documents', async () => {
    const sub = join(dir, 'folder');
    await rm(sub, { recursive: true, force: true });
    await mkdir(sub);
    await writeFile(join(sub, 'b.yaml'), `---\n${JSON.stringify(crd('Bee'))}\n---\n`);
    await writeFile(join(sub, 'a.json'), JSON.stringify(crd('Ant')));
    await writeFile(join(sub, 'notes.txt'), 'not a manifest');
    const crds = await readCrds([sub, crd('Cat')]);
    expect(crds.map((c) => c.spec.names.kind)).toEqual(['Ant', 'Bee', 'Cat']);
  });

  it('names the file and document of something that is not a CRD', async () => {
    const file = join(dir, 'mixed.yaml');
    await writeFile(file, `${JSON.stringify(crd('Dog'))}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n`);
    const err = await readCrds([file]).catch((e: unknown) => e);
    expect(isTestEnvironmentError(err, 'InvalidCrd')).toBe(true);
    expect((err as Error).message).toContain(`${file} (document 2) is v1 ConfigMap`);
  });

  it('rejects a CRD without the fields a server needs, and a path that does not exist', async () => {
    const broken = { ...crd('Eel'), spec: { ...crd('Eel').spec, versions: [] } };
    await expect(readCrds([broken])).rejects.toMatchObject({ reason: 'InvalidCrd' });
    await expect(readCrds([join(dir, 'missing.yaml')])).rejects.toMatchObject({
      reason: 'InvalidCrd',
      message: expect.stringContaining('missing.yaml cannot be read'),
    });
  });

  it('reports YAML syntax errors with the file name', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'kind: [unclosed\n');
    await expect(readCrds([file])).rejects.toMatchObject({
      reason: 'InvalidCrd',
      message: expect.stringContaining(`cannot parse ${file} (document 1)`),
    });
  });
});
