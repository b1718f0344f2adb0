import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { installCrds, type TestNamespace } from '@kubekit/testing';
import { cacheTour } from '../../packages/examples/src/cacheTour.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the cache tour of docs/cache.md', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('cache-tour');
  });
  afterAll(() => ns?.cleanup());

  it('runs every step as the page describes', async () => {
    const lines: string[] = [];
    await cacheTour(realServer().kubeConfig(), ns.name, (l) => lines.push(l));
    expect(lines).toEqual([
      'get red-1 color=red frozen=true',
      'list by index spec.color=blue: blue-1',
      'update red-1 replicas undefined -> 2',
      'informer synced with 2 objects',
      'cache stopped',
    ]);
  });
});
