import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeApiServer, installCrds, type TestNamespace } from '@kubekit/testing';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { type Greeting, greetingCrd, runGreetingOperator } from '../../packages/examples/src/greetingOperator.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the example Greeting operator', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [greetingCrd]);
    ns = await realServer().namespace('greetings');
  });
  afterAll(() => ns?.cleanup());

  it('writes the greeting into status, and follows spec changes', () =>
    expectOperatorConverges(realServer().kubeConfig(), ns.name));

  it('refuses a Greeting that the CRD CEL rule forbids', async () => {
    const api = realServer().kubeConfig().makeApiClient(CustomObjectsApi);
    await expect(
      api.createNamespacedCustomObject({
        group: 'example.kubekit.dev',
        version: 'v1',
        namespace: ns.name,
        plural: 'greetings',
        body: {
          apiVersion: 'example.kubekit.dev/v1',
          kind: 'Greeting',
          metadata: { name: 'x' },
          spec: { name: 'nobody' },
        },
      }),
    ).rejects.toMatchObject({ code: 422, body: expect.stringContaining('greet somebody') });
  });
});

describe('the example Greeting operator on the in-memory server', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start({ crds: [greetingCrd] });
    // Like kube-apiserver, the in-memory server wants a namespace to exist before objects go in it.
    await server.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'greetings' } } });
  });
  afterAll(() => server?.stop());

  it('writes the greeting into status, and follows spec changes', () =>
    expectOperatorConverges(server.kubeConfig, 'greetings'));
});

/** The operator writes the greeting into status and follows spec changes, in `namespace`. */
async function expectOperatorConverges(kc: KubeConfig, namespace: string): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const at = { group: 'example.kubekit.dev', version: 'v1', namespace, plural: 'greetings' };
  const stop = new AbortController();
  const lines: string[] = [];
  const running = runGreetingOperator(kc, { signal: stop.signal, log: (l) => lines.push(l) });
  try {
    await api.createNamespacedCustomObject({
      ...at,
      body: {
        apiVersion: 'example.kubekit.dev/v1',
        kind: 'Greeting',
        metadata: { name: 'ada' },
        spec: { name: 'Ada' },
      },
    });
    const first = await eventually(
      () => api.getNamespacedCustomObject({ ...at, name: 'ada' }) as Promise<Greeting>,
      (g) => g.status?.message === 'Hello, Ada.',
    );
    expect(first.status?.observedGeneration).toBe(first.metadata?.generation);

    await api.replaceNamespacedCustomObject({
      ...at,
      name: 'ada',
      body: { ...first, spec: { name: 'Ada', excited: true } },
    });
    const second = await eventually(
      () => api.getNamespacedCustomObject({ ...at, name: 'ada' }) as Promise<Greeting>,
      (g) => g.status?.message === 'Hello, Ada!',
    );
    expect(second.status?.observedGeneration).toBe(2);
    // The operator logs after its status write lands, so the line may follow the read above.
    const logged = await eventually(
      async () => lines,
      (ls) => ls.some((l) => l.includes(`reconciled ${namespace}/ada: "Hello, Ada!"`)),
    );
    expect(logged.some((l) => l.includes(`reconciled ${namespace}/ada: "Hello, Ada!"`))).toBe(true);
  } finally {
    stop.abort();
  }
  await expect(running).resolves.toBeUndefined();
}

/** Polls `read` until `done` holds (at most 10 s). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
