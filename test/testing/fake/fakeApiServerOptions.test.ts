import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FakeApiServer } from '@kubekit/testing';
import { resolveFakeApiServerOptions } from '../../../packages/testing/src/fake/fakeApiServer.js';

describe('FakeApiServer options and start errors', () => {
  it('fills every default', () => {
    const o = resolveFakeApiServerOptions();
    expect(o).toMatchObject({
      port: 0,
      crds: [],
      manifests: [],
      seed: false,
      historySize: 10_000,
      bookmarkIntervalMs: 60_000,
      requireNamespaces: true,
      signal: undefined,
    });
    expect(o.tls ? o.tls.cert : '').toContain('BEGIN CERTIFICATE');
    expect(resolveFakeApiServerOptions({ tls: false, historySize: 5 })).toMatchObject({ tls: false, historySize: 5 });
  });

  it('fails with StartFailed naming a manifest object whose kind is not served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-bad-manifest-'));
    try {
      await writeFile(join(dir, 'bad.yaml'), 'apiVersion: nope.dev/v1\nkind: Nope\nmetadata: {name: n1}\n');
      await expect(FakeApiServer.start({ manifests: [dir] })).rejects.toMatchObject({
        name: 'TestEnvironmentError',
        reason: 'StartFailed',
        message: expect.stringContaining('no kind "Nope" is served in "nope.dev/v1" (n1)'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a start whose signal has fired', async () => {
    await expect(FakeApiServer.start({ signal: AbortSignal.abort() })).rejects.toMatchObject({ reason: 'Aborted' });
  });
});
