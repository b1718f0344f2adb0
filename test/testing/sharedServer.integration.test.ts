/**
 * The foundation's smoke test, through the real API server with plain @kubernetes/client-node:
 * install CRDs, wait for Established, then create / get / list / watch a custom resource.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { ApiException, ApiextensionsV1Api, CustomObjectsApi, Watch } from '@kubernetes/client-node';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';
import { type Widget, widgetsIn } from '../support/widgets.js';

describeReal('the shared real API server', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    const crds = await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    expect(crds.map((c) => c.status?.conditions?.find((x) => x.type === 'Established')?.status)).toEqual([
      'True',
      'True',
    ]);
    ns = await realServer().namespace('shared-server');
  });
  afterAll(() => ns?.cleanup());

  it('creates, gets and lists a custom resource, with server-side defaults applied', async () => {
    const widgets = widgetsIn(realServer().kubeConfig(), ns.name);
    const created = await widgets.create('first', { size: 3 });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.spec).toEqual({ size: 3, color: 'blue' });
    const got = await widgets.get('first');
    expect(got.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    const list = await widgets.list();
    expect(list.items.map((w) => w.metadata?.name)).toEqual(['first']);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion));
  });

  it('delivers watch events for changes made after the watch started', async () => {
    const kc = realServer().kubeConfig();
    const widgets = widgetsIn(kc, ns.name);
    const start = await widgets.create('watched', { size: 1 });
    const events: Array<[string, string | undefined, number | undefined]> = [];
    let sawUpdate: () => void = () => {};
    const seenUpdate = new Promise<void>((resolve) => {
      sawUpdate = resolve;
    });
    const watch = await new Watch(kc).watch(
      widgets.path,
      { resourceVersion: start.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type: string, obj: Widget) => {
        if (type === 'BOOKMARK') return;
        events.push([type, obj.metadata?.name, obj.spec?.size]);
        if (type === 'MODIFIED') sawUpdate();
      },
      () => {},
    );
    try {
      await widgets.replace({ ...start, spec: { ...start.spec, size: 7 } });
      await seenUpdate;
    } finally {
      watch.abort();
    }
    expect(events).toEqual([['MODIFIED', 'watched', 7]]);
  });

  it('enforces the CRD: a CEL rule rejects a bad object with its message', async () => {
    const widgets = widgetsIn(realServer().kubeConfig(), ns.name);
    const err = await widgets.create('too-big', { size: 11 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(422);
    expect(String((err as ApiException<string>).body)).toContain('size must be at most 10');
  });

  it('gives the restricted user 403 on custom resources while discovery of CRDs works', async () => {
    const kc = realServer().kubeConfig('restricted');
    const crd = await kc
      .makeApiClient(ApiextensionsV1Api)
      .readCustomResourceDefinition({ name: 'widgets.test.kubekit.dev' });
    expect(crd.spec.names.kind).toBe('Widget');
    const restricted = kc.makeApiClient(CustomObjectsApi);
    const err = await restricted
      .listNamespacedCustomObject({ group: 'test.kubekit.dev', version: 'v1', namespace: ns.name, plural: 'widgets' })
      .catch((e: unknown) => e);
    expect((err as ApiException<unknown>).code).toBe(403);
  });
});
