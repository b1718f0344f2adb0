/**
 * The real kube-apiserver, through kubekit's own kubeconfig reader: the harness kubeconfig (a CA
 * and bearer tokens), read from `$KUBECONFIG` as `new Client()` does and with `readKubeConfig`,
 * for both of its users.
 */
import { delimiter, join } from 'node:path';
import { expect, it } from '@jest/globals';
import { builtinKinds, Client, LoadedKubeConfig, readKubeConfig } from '@kubekit/client';
import { loadDefaultKubeConfig } from '@kubekit/client/internal';
import { describeReal, realServer } from '../../support/realServer.js';

describeReal('kubeconfig read by kubekit, on the real API server', () => {
  it('the default path ($KUBECONFIG, a missing file in the list skipped) reaches the server as admin', async () => {
    const { kubeconfigPath } = realServer();
    const kubeConfig = loadDefaultKubeConfig({
      env: { KUBECONFIG: [join(kubeconfigPath, '..', 'no-such-file'), kubeconfigPath].join(delimiter) },
    });
    expect(kubeConfig).toBeInstanceOf(LoadedKubeConfig);
    using client = new Client({ kubeConfig, qps: 0 });
    const namespaces = await client.list(builtinKinds.Namespace);
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');
  });

  it('readKubeConfig with a context acts as that context’s user', async () => {
    const { kubeconfigPath } = realServer();
    using restricted = new Client({
      kubeConfig: readKubeConfig({ path: kubeconfigPath, context: 'kubekit-restricted' }),
      qps: 0,
      maxRetries: 0,
    });
    await expect(restricted.list(builtinKinds.ConfigMap, { namespace: 'default' })).rejects.toMatchObject({
      code: 403,
    });
    using admin = new Client({ kubeConfig: readKubeConfig({ path: kubeconfigPath }), qps: 0 });
    await expect(admin.list(builtinKinds.ConfigMap, { namespace: 'default' })).resolves.toMatchObject({
      items: expect.any(Array),
    });
  });
});
