/**
 * `onWarning`: the client hands each warning of the API server's `Warning` headers to the
 * callback (client-go's WarningHandler), on successful and failed answers alike; several warnings
 * in one header are split on the header's quoting, not on every comma.
 */
import { afterEach, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { ScriptedServer, status } from '../support/scriptedServer.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
});

it('hands every warning of an answer to onWarning, on success and on failure', async () => {
  const headers = { warning: '299 - "first, with a comma", 299 - "second with \\"quotes\\""' };
  server = await ScriptedServer.start((req) =>
    req.url.includes('/missing')
      ? { ...status(404, 'NotFound', 'configmaps "missing" not found'), headers: { warning: '299 - "on a failure"' } }
      : {
          status: 200,
          headers,
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' } },
        },
  );
  const warnings: string[] = [];
  using client = new Client({ kubeConfig: server.kubeConfig(), maxRetries: 0, onWarning: (w) => warnings.push(w) });
  await client.get(builtinKinds.ConfigMap, 'a', { namespace: 'ns' });
  expect(warnings).toEqual(['first, with a comma', 'second with "quotes"']);
  await expect(client.get(builtinKinds.ConfigMap, 'missing', { namespace: 'ns' })).rejects.toMatchObject({
    reason: 'NotFound',
  });
  expect(warnings).toEqual(['first, with a comma', 'second with "quotes"', 'on a failure']);
});
