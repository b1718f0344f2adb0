/** A `defineWebhooks` setup that uses the manager's client while declaring: manifests cannot be written from it. */
import { builtinKinds } from '@kubekit/client';
import { defineWebhooks, webhookFor } from '@kubekit/manager';

export const webhooks = defineWebhooks((mgr) => {
  const client = mgr.client;
  webhookFor(mgr, builtinKinds.ConfigMap)
    .validator({ create: async (cm) => void (await client.get(builtinKinds.ConfigMap, String(cm.metadata?.name))) })
    .complete();
});
