import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { cachedClientTour } from '../../packages/examples/src/cachedClientTour.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the cached-client tour of docs/client.md', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('cached-client-tour');
  });
  afterAll(() => ns?.cleanup());

  it('runs every step as the page describes', async () => {
    const lines: string[] = [];
    await cachedClientTour(realServer().kubeConfig(), ns.name, (l) => lines.push(l));
    expect(lines).toEqual([
      'replicas after 3 read-modify-writes: 3',
      'live read replicas: 3',
      'get after delete: NotFound',
      'cache hits 5, direct reads 1 (live 1)',
    ]);
  });
});
