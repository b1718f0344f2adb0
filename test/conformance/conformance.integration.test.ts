/**
 * The conformance suite: the same cases about API behaviour, run against the real API server (the
 * run's shared harness) and against a FakeApiServer. A case that passes on the real server and fails
 * on the fake one is a bug in the fake (or a known difference listed in docs/testing.md).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeApiServer, installCrds } from '@kubekit/testing';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';
import { applyCases } from './cases/apply.js';
import { builtinDiscoveryCases } from './cases/builtinDiscovery.js';
import { builtinKindCases } from './cases/builtinKinds.js';
import { crudCases } from './cases/crud.js';
import { discoveryCases } from './cases/discovery.js';
import { listCases } from './cases/list.js';
import { namespaceCases } from './cases/namespaces.js';
import { patchCases } from './cases/patch.js';
import { podCases } from './cases/pods.js';
import { refusedWriteCases } from './cases/refusedWrites.js';
import { selectorCases } from './cases/selectors.js';
import { watchCases } from './cases/watch.js';
import { workloadCases } from './cases/workloads.js';
import { type ConformanceCase, call, type ServerUnderTest } from './support.js';

const CASES: ConformanceCase[] = [
  ...crudCases,
  ...patchCases,
  ...applyCases,
  ...listCases,
  ...selectorCases,
  ...watchCases,
  ...discoveryCases,
  ...podCases,
  ...workloadCases,
  ...namespaceCases,
  ...refusedWriteCases,
  ...builtinKindCases,
  ...builtinDiscoveryCases,
];

function runCases(label: 'real' | 'fake', sut: () => ServerUnderTest): void {
  const counts = { passed: 0, failed: 0 };
  afterAll(() => {
    process.stdout.write(
      `conformance[${label}]: ${counts.passed} passed, ${counts.failed} failed of ${CASES.length} cases\n`,
    );
  });
  for (const c of CASES) {
    it(c.name, async () => {
      try {
        await c.run(sut());
        counts.passed += 1;
      } catch (err) {
        counts.failed += 1;
        throw err;
      }
    });
  }
}

describeReal('conformance: real API server', () => {
  let sut: ServerUnderTest;
  beforeAll(async () => {
    const server = realServer();
    await installCrds(server.kubeConfig(), [FIXTURE_CRDS]);
    const ns = await server.namespace('conformance');
    sut = {
      name: 'real',
      namespace: ns.name,
      kubeConfig: (user = 'admin') => server.kubeConfig(user),
      // The watch cache keeps a window of recent events; resourceVersion 1 is always older.
      expiredResourceVersion: async () => '1',
    };
  });
  runCases('real', () => sut);
});

describe('conformance: in-memory API server', () => {
  let server: FakeApiServer;
  let sut: ServerUnderTest;
  beforeAll(async () => {
    server = await FakeApiServer.start({ crds: [FIXTURE_CRDS] });
    sut = {
      name: 'fake',
      namespace: 'conformance-fake',
      kubeConfig: (user = 'admin') => server.kubeConfigFor(user),
      expiredResourceVersion: async () => {
        const before = server.storage.resourceVersion;
        server.compact();
        return String(Number(before) - 1);
      },
    };
    // Core kinds need their namespace to exist, as on kube-apiserver (NamespaceLifecycle).
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: sut.namespace } };
    expect((await call(sut, 'POST', '/api/v1/namespaces', ns)).status).toBe(201);
  });
  afterAll(() => server?.stop());
  runCases('fake', () => sut);
});
