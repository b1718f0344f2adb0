import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { clientTour } from '../../packages/examples/src/clientTour.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the client tour of docs/client.md', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('client-tour');
  });
  afterAll(() => ns?.cleanup());

  it('runs every step as the page describes', async () => {
    const lines: string[] = [];
    await clientTour(realServer().kubeConfig(), ns.name, (l) => lines.push(l));
    expect(lines).toEqual([
      'created w1 color=blue',
      expect.stringMatching(/^got rv=\d+; listed 1 \(all pages: 1\)$/),
      'stale update refused: Conflict 409',
      'patched size=6 replicas=1',
      'scaled to 2',
      'watch: DELETED w1',
      'old watch: Expired (list again)',
      'discovery: deploy is apps/v1 Deployment; widgets scale, Namespaced',
      'discovery: 0 deployments in the namespace',
    ]);
  });
});
