/**
 * A tour of `@kubekit/client`: every operation of docs/client.md, in order, on the test CRDs
 * (Widget: namespaced with status and scale; Gadget: cluster-scoped). The test suite runs it against
 * the real API server (test/examples/clientTour.integration.test.ts).
 */
import { Client, jsonPatch, type KubeConfigLike } from '@kubekit/client';
import { defineKind, findReason, ignoreNotFound, isGone, type KubeObject } from '@kubekit/core';

/** The Widget custom resource, as its TypeScript type. */
export interface Widget extends KubeObject {
  spec?: { color?: string; replicas?: number; size?: number };
  status?: { replicas?: number; phase?: string };
}

/** The Widget kind: reads of it come back as `Widget`. */
export const Widget = defineKind<Widget>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** Runs the tour in `namespace`, logging one line per step. */
export async function clientTour(
  kubeConfig: KubeConfigLike,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  using client = new Client({ kubeConfig, fieldManager: 'tour' });
  const widgets = client.inNamespace(namespace);

  // create
  const created = await widgets.create<Widget>({
    apiVersion: 'test.kubekit.dev/v1',
    kind: 'Widget',
    metadata: { name: 'w1', labels: { app: 'tour' } },
    spec: { size: 3 },
  });
  log(`created ${created.metadata?.name} color=${created.spec?.color}`);

  // get, list (one page and all pages)
  const w1 = await widgets.get(Widget, 'w1');
  const page = await widgets.list(Widget, { labelSelector: { app: 'tour' }, limit: 10 });
  let total = 0;
  for await (const _ of widgets.listAll(Widget, { labelSelector: { app: 'tour' }, pageSize: 100 })) total++;
  log(`got rv=${w1.metadata?.resourceVersion}; listed ${page.items.length} (all pages: ${total})`);

  // update, with optimistic concurrency
  const updated = await widgets.update({ ...w1, spec: { ...w1.spec, size: 4 } });
  try {
    await widgets.update({ ...w1, spec: { size: 5 } }); // w1 is stale now
  } catch (err) {
    const conflict = findReason(err, 'Conflict');
    if (!conflict) throw err;
    log(`stale update refused: ${conflict.reason} ${conflict.code}`);
  }

  // patch: merge, JSON Patch, server-side apply
  await widgets.patch(Widget, 'w1', { type: 'merge', patch: { metadata: { annotations: { note: 'hi' } } } });
  await widgets.patch(
    Widget,
    'w1',
    jsonPatch().test('/spec/size', updated.spec?.size).replace('/spec/size', 6).toPatch(),
  );
  const applied = await widgets.apply<Widget>(
    { apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { replicas: 1 } },
    { force: true },
  );
  log(`patched size=${applied.spec?.size} replicas=${applied.spec?.replicas}`);

  // status and scale subresources
  await widgets.status().patch(Widget, 'w1', { type: 'merge', patch: { status: { phase: 'Ready' } } });
  const scale = await widgets.subResource('scale').get<{ spec: { replicas: number } }>(Widget, 'w1');
  await widgets.subResource('scale').update(Widget, 'w1', { ...scale, spec: { replicas: 2 } });
  log(`scaled to ${(await widgets.get(Widget, 'w1')).spec?.replicas}`);

  // watch from the list's resourceVersion until the deletion arrives
  const from = (await widgets.list(Widget)).metadata.resourceVersion;
  const stop = new AbortController();
  const watching = (async () => {
    for await (const event of widgets.watch(Widget, { resourceVersion: from, signal: stop.signal })) {
      if (event.type === 'ERROR') throw event.error;
      if (event.type === 'BOOKMARK') continue;
      log(`watch: ${event.type} ${event.object.metadata?.name}`);
      if (event.type === 'DELETED') stop.abort();
    }
  })();

  // delete (with a precondition), deleteAllOf, and tolerating NotFound
  await widgets.delete(Widget, 'w1', { preconditions: { uid: created.metadata?.uid ?? '' } });
  await watching;
  await widgets.deleteAllOf(Widget, { labelSelector: { app: 'tour' } });
  await widgets.delete(Widget, 'w1').catch(ignoreNotFound);

  // a watch from a resourceVersion the server no longer has: an ERROR event with a 410
  for await (const event of widgets.watch(Widget, { resourceVersion: '1' })) {
    if (event.type === 'ERROR' && isGone(event.error)) log(`old watch: ${event.error.reason} (list again)`);
  }

  // discovery: what the server serves, cached by the client
  const deploy = await client.discovery.resolve('deploy'); // as kubectl reads it: apps/v1 Deployment
  const scalable = (await client.discovery.resources({ preferredOnly: true })).filter((r) =>
    r.subresources.some((s) => s.name === 'scale'),
  );
  const widget = scalable.find((r) => r.kind === 'Widget');
  log(`discovery: deploy is ${deploy.apiVersion} ${deploy.kind}; ${widget?.plural} scale, ${widget?.scope}`);
  const listed = await client.list(deploy, { namespace }); // a discovered resource is a kind
  log(`discovery: ${listed.items.length} ${deploy.plural} in the namespace`);
}
