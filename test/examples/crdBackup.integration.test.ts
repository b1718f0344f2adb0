import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { type ApiException, CustomObjectsApi } from '@kubernetes/client-node';
import { Backup, demonstrateBackups } from '../../packages/examples/src/crdBackup.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the Backup example (docs/crds.md)', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [Backup.crd]);
    ns = await realServer().namespace('backups');
  });
  afterAll(() => ns?.cleanup());

  it('gets server defaults on the good Backup and the root CEL message for the bad one', async () => {
    const lines: string[] = [];
    const created = await demonstrateBackups(realServer().kubeConfig(), ns.name, (l) => lines.push(l));
    expect(created.spec).toEqual({
      database: 'orders',
      schedule: '0 3 * * *',
      keep: 7,
      bucket: { name: 'prod-backups', prefix: 'backups/' },
    });
    expect(lines[0]).toBe('created nightly: keep=7, prefix=backups/ (server defaults)');
    expect(lines[1]).toContain('refused scratch:');
    expect(lines[1]).toContain('temporary buckets cannot hold backups');

    const api = realServer().kubeConfig().makeApiClient(CustomObjectsApi);
    const at = {
      group: Backup.group,
      version: Backup.version,
      namespace: ns.name,
      plural: Backup.plural,
      name: 'nightly',
    };
    const moved = { ...created, spec: { ...created.spec, database: 'customers' } };
    const err = await api.replaceNamespacedCustomObject({ ...at, body: moved }).catch((e: unknown) => e);
    expect(String((err as ApiException<string>).body)).toContain('database is immutable');
  });
});
