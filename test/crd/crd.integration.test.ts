/**
 * The real API server judges what @kubekit/crd generates: every CRD (from zod, and every
 * real-world-style fixture after import and regeneration) is installed, and objects are created
 * against them to see defaults applied and CEL rules enforced with the declared messages.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { CustomResourceDefinition } from '@kubekit/core';
import { crdToTypeScript, isCrdError, parseCrds, readClusterCrd } from '@kubekit/crd';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { Doohickey, Gizmo } from '../support/crdResources.js';
import { describeReal, realServer } from '../support/realServer.js';
import { FIXTURE_CRD_DIR, FIXTURE_CRD_FILES, kubekit, normalizeCrd, withScratchDir } from './crdTestSupport.js';

interface Status {
  code: number;
  message: string;
  details?: { causes?: Array<{ reason: string; message: string; field: string }> };
}

describeReal('CRDs from @kubekit/crd on the real API server', () => {
  let ns: TestNamespace;
  let api: CustomObjectsApi;
  const gizmos = () => ({ group: Gizmo.group, version: Gizmo.version, namespace: ns.name, plural: Gizmo.plural });
  const gizmo = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: Gizmo.apiVersion,
    kind: Gizmo.kind,
    metadata: { name },
    spec,
  });
  const refusal = async (p: Promise<unknown>): Promise<Status> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiException);
    const status = JSON.parse(String((err as ApiException<string>).body)) as Status;
    expect(status.code).toBe(422);
    return status;
  };

  beforeAll(async () => {
    const installed = await installCrds(realServer().kubeConfig(), [Gizmo.crd, Doohickey.crd]);
    expect(installed.map((c) => c.metadata.name)).toEqual([
      'gizmoes.crd-test.kubekit.dev',
      'doohickeys.crd-test.kubekit.dev',
    ]);
    ns = await realServer().namespace('crd');
    api = realServer().kubeConfig().makeApiClient(CustomObjectsApi);
  });
  afterAll(() => ns?.cleanup());

  it('keeps every x-kubernetes-* extension of the generated schema as sent', async () => {
    const [stored] = await installCrds(realServer().kubeConfig(), [Gizmo.crd]);
    const storedSchema = (stored?.spec.versions[0] as { schema?: unknown } | undefined)?.schema;
    expect(storedSchema).toEqual(Gizmo.crd.spec.versions[0]?.schema);
  });

  it('applies the schema defaults, and the result parses with the descriptor', async () => {
    const created = await api.createNamespacedCustomObject({
      ...gizmos(),
      body: gizmo('defaults', { owner: 'ana', ports: [{ name: 'http', port: 80 }] }),
    });
    expect(created.spec).toEqual({
      owner: 'ana',
      size: 3,
      color: 'blue',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    });
    const parsed = Gizmo.decode(created);
    expect(parsed.spec.size).toBe(3);
    expect(parsed.metadata.uid).toBe(created.metadata.uid);
  });

  it('accepts int-or-string, nullable, preserved and set fields in their allowed forms', async () => {
    const spec = {
      owner: 'bo',
      port: 'http',
      expiresAt: null,
      template: { anything: { nested: [1, 'two'] } },
      tags: ['a', 'b'],
      labels: { team: 'x' },
    };
    const created = await api.createNamespacedCustomObject({ ...gizmos(), body: gizmo('forms', spec) });
    expect(created.spec).toMatchObject(spec);
    const numeric = await api.createNamespacedCustomObject({
      ...gizmos(),
      body: gizmo('forms2', { owner: 'bo', port: 8080 }),
    });
    expect(numeric.spec.port).toBe(8080);
  });

  it('rejects values outside min/max, enums, formats and sets, naming the field', async () => {
    const status = await refusal(
      api.createNamespacedCustomObject({
        ...gizmos(),
        body: gizmo('bad-values', { owner: 'c', size: 11, color: 'pink', tags: ['a', 'a'], email: 'nope', port: true }),
      }),
    );
    // Causes about the object as a whole (an anyOf summary, "rules not checked") have no field.
    const fields = [...new Set((status.details?.causes ?? []).map((c) => c.field))].filter((f) => f !== '<nil>').sort();
    expect(fields).toEqual(['spec.color', 'spec.email', 'spec.port', 'spec.size', 'spec.tags[1]']);
  });

  it('enforces CEL rules on fields and on the root with the declared message, messageExpression, reason and fieldPath', async () => {
    const status = await refusal(
      api.createNamespacedCustomObject({
        ...gizmos(),
        body: gizmo('bad-cel', { owner: 'd', ports: [{ name: 'x', port: 70000 }], limits: { min: 5, max: 1 } }),
      }),
    );
    const causes = status.details?.causes ?? [];
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'spec.ports[0].port',
        message: expect.stringContaining('port must be between 1 and 65535'),
      }),
    );
    expect(causes).toContainEqual(
      expect.objectContaining({
        field: 'spec.limits.min',
        reason: 'FieldValueForbidden',
        message: expect.stringContaining('min exceeds max'),
      }),
    );
    const root = await refusal(
      api.createNamespacedCustomObject({ ...gizmos(), body: gizmo('forbidden', { owner: 'e' }) }),
    );
    expect(root.message).toContain('that name is reserved');
  });

  it('enforces a list map key: two ports with one name are refused', async () => {
    const status = await refusal(
      api.createNamespacedCustomObject({
        ...gizmos(),
        body: gizmo('dup-ports', {
          owner: 'f',
          ports: [
            { name: 'a', port: 1 },
            { name: 'a', port: 2 },
          ],
        }),
      }),
    );
    expect(status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueDuplicate', field: 'spec.ports[1]' });
  });

  it('enforces a transition rule: an immutable field cannot change, other fields can', async () => {
    const created = await api.createNamespacedCustomObject({ ...gizmos(), body: gizmo('immutable', { owner: 'gus' }) });
    const changedSize = await api.replaceNamespacedCustomObject({
      ...gizmos(),
      name: 'immutable',
      body: { ...created, spec: { ...created.spec, size: 5 } },
    });
    expect(changedSize.spec.size).toBe(5);
    const status = await refusal(
      api.replaceNamespacedCustomObject({
        ...gizmos(),
        name: 'immutable',
        body: { ...changedSize, spec: { ...changedSize.spec, owner: 'someone-else' } },
      }),
    );
    expect(status.details?.causes?.[0]).toMatchObject({
      field: 'spec.owner',
      message: expect.stringContaining('owner is immutable'),
    });
  });

  it('runs a transition rule with optionalOldSelf on updates, and checks embedded objects as Kubernetes objects', async () => {
    const created = await api.createNamespacedCustomObject({
      ...gizmos(),
      body: gizmo('revisions', { owner: 'h', revision: 5 }),
    });
    const back = { ...created, spec: { ...created.spec, revision: 3 } };
    const status = await refusal(api.replaceNamespacedCustomObject({ ...gizmos(), name: 'revisions', body: back }));
    expect(status.details?.causes?.[0]).toMatchObject({
      field: 'spec.revision',
      message: expect.stringContaining('revision cannot go back'),
    });
    const embedded = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inner' }, data: { a: 'b' } };
    const withObject = await api.createNamespacedCustomObject({
      ...gizmos(),
      body: gizmo('embedded', { owner: 'i', embedded }),
    });
    expect(withObject.spec.embedded).toEqual(embedded);
    const notAnObject = await refusal(
      api.createNamespacedCustomObject({
        ...gizmos(),
        body: gizmo('embedded-bad', { owner: 'i', embedded: { data: {} } }),
      }),
    );
    expect((notAnObject.details?.causes ?? []).map((c) => c.field)).toEqual(
      expect.arrayContaining(['spec.embedded.kind']),
    );
  });

  it('serves every version of a multi-version kind and stores in the storage version', async () => {
    const created = await api.createClusterCustomObject({
      group: Doohickey.group,
      version: 'v1alpha1',
      plural: Doohickey.plural,
      body: {
        apiVersion: Doohickey.versions.v1alpha1.apiVersion,
        kind: 'Doohickey',
        metadata: { name: `d-${ns.name}` },
        spec: { level: 2 },
      },
    });
    expect(created.apiVersion).toBe('crd-test.kubekit.dev/v1alpha1');
    const asV1 = await api.getClusterCustomObject({
      group: Doohickey.group,
      version: 'v1',
      plural: Doohickey.plural,
      name: `d-${ns.name}`,
    });
    expect(Doohickey.versions.v1.decode(asV1).spec).toEqual({ level: 2, mode: 'safe' });
    await api.deleteClusterCustomObject({
      group: Doohickey.group,
      version: 'v1',
      plural: Doohickey.plural,
      name: `d-${ns.name}`,
    });
  });

  it('imports a CRD from the cluster (kubekit crd import --from-cluster) to the TypeScript it was defined with', async () => {
    const kubeconfig = realServer().kubeconfigPath;
    // The server keeps fields in its own order, so compare what the imported module defines.
    const imported = await withScratchDir(async (dir) => {
      const out = join(dir, 'gizmo.ts');
      const args = ['crd', 'import', '--from-cluster', Gizmo.crd.metadata.name, '--kubeconfig', kubeconfig, '-o', out];
      expect(await kubekit(args)).toMatchObject({ code: 0, stderr: '' });
      return ((await import(out)) as { Gizmo: { crd: CustomResourceDefinition } }).Gizmo.crd;
    });
    expect(normalizeCrd(imported)).toEqual(normalizeCrd(Gizmo.crd));
    const restricted = await readClusterCrd(Doohickey.crd.metadata.name, { kubeconfig, context: 'kubekit-restricted' });
    expect(restricted.spec.versions.map((v) => v.name)).toEqual(['v1alpha1', 'v1']);
  });

  it('uses the --context named, from a kubeconfig found through $KUBECONFIG', async () => {
    // `kubekit-restricted` may read CRDs; the current context is the admin's.
    const source = await withScratchDir(async (dir) => {
      const out = join(dir, 'doohickey.ts');
      const args = ['crd', 'import', '--from-cluster', Doohickey.crd.metadata.name, '--context', 'kubekit-restricted'];
      const run = await kubekit([...args, '-o', out], undefined, { KUBECONFIG: realServer().kubeconfigPath });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return readFile(out, 'utf8');
    });
    expect(source).toContain('kind: "Doohickey",');
    const elsewhere = await kubekit(
      ['crd', 'import', '--from-cluster', Doohickey.crd.metadata.name, '--context', 'elsewhere'],
      undefined,
      { KUBECONFIG: realServer().kubeconfigPath },
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('(context "elsewhere"): there is no such context');
  });

  it('reads credentials as kubectl does: a CA file next to the kubeconfig, a token from an exec plugin (EKS, GKE)', async () => {
    const config = parse(await readFile(realServer().kubeconfigPath, 'utf8')) as {
      clusters: Array<{ cluster: Record<string, unknown> }>;
      users: Array<{ user: Record<string, unknown> }>;
    };
    const [cluster] = config.clusters;
    const [user] = config.users;
    if (!cluster || !user) throw new Error('the test kubeconfig has no cluster or user');
    const crd = await withScratchDir(async (dir) => {
      await writeFile(
        join(dir, 'ca.crt'),
        Buffer.from(String(cluster.cluster['certificate-authority-data']), 'base64'),
      );
      const credential = {
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        status: { token: String(user.user.token) },
      };
      await writeFile(join(dir, 'credential.json'), JSON.stringify(credential));
      cluster.cluster = { server: cluster.cluster.server, 'certificate-authority': 'ca.crt' };
      user.user = {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: process.execPath,
          args: [
            '-e',
            `process.stdout.write(require('fs').readFileSync(${JSON.stringify(join(dir, 'credential.json'))}, 'utf8'))`,
          ],
          interactiveMode: 'Never',
        },
      };
      await writeFile(join(dir, 'kubeconfig'), stringify(config));
      return readClusterCrd(Gizmo.crd.metadata.name, { kubeconfig: join(dir, 'kubeconfig') });
    });
    expect(crd.spec.names.kind).toBe('Gizmo');
  });

  it('names the CRD a cluster does not have, and a context the kubeconfig does not have', async () => {
    const kubeconfig = realServer().kubeconfigPath;
    const missing = await kubekit([
      'crd',
      'import',
      '--from-cluster',
      'nothings.crd-test.kubekit.dev',
      '--kubeconfig',
      kubeconfig,
    ]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'kubekit: the cluster has no CustomResourceDefinition nothings.crd-test.kubekit.dev\n',
    });
    const err = await readClusterCrd('gizmoes.crd-test.kubekit.dev', { kubeconfig, context: 'elsewhere' }).catch(
      (e: unknown) => e,
    );
    expect(isCrdError(err, 'ClusterError')).toBe(true);
    expect((err as Error).message).toContain('(context "elsewhere"): there is no such context');
  });

  it('accepts every real-world-style fixture CRD, and the CRD regenerated from its imported TypeScript', async () => {
    await withScratchDir(async (dir) => {
      for (const file of FIXTURE_CRD_FILES) {
        const originals = parseCrds(await readFile(join(FIXTURE_CRD_DIR, file), 'utf8'), file);
        await installCrds(realServer().kubeConfig(), originals);
        for (const crd of originals) {
          const regenerated = await regenerate(dir, crd);
          const [stored] = await installCrds(realServer().kubeConfig(), [regenerated]);
          expect(stored?.metadata.name).toBe(crd.metadata.name);
        }
      }
    });
  });
});

/** The CRD that the TypeScript `crdToTypeScript` writes for `crd` defines, loaded as a module. */
async function regenerate(dir: string, crd: CustomResourceDefinition): Promise<CustomResourceDefinition> {
  const file = join(dir, `${crd.spec.names.plural}.ts`);
  await writeFile(file, crdToTypeScript(crd));
  const module = (await import(file)) as Record<string, { crd?: CustomResourceDefinition }>;
  const found = module[crd.spec.names.kind]?.crd;
  if (!found) throw new Error(`${file} exports no ${crd.spec.names.kind}`);
  return found;
}
