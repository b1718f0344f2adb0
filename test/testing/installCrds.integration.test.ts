/**
 * `installCrds` on the real API server, through `Client`: it creates or replaces CRDs, waits until
 * they are Established and served, and turns the server's refusals into typed errors that name the
 * CRD and what was wrong.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import type { CustomResourceDefinition } from '@kubekit/core';
import { installCrds, isTestEnvironmentError } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';

/** A group of this file's own run: CRDs are cluster-wide and the server is shared. */
const GROUP = `install-${randomBytes(3).toString('hex')}.kubekit.dev`;

const crd = (plural: string, kind: string): CustomResourceDefinition => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural, kind, singular: kind.toLowerCase() },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

describeReal('installCrds on the real API server', () => {
  it('installs a CRD whose resource is served at once, and replaces it when installed again', async () => {
    const [first] = await installCrds(realServer().kubeConfig(), [crd('sprockets', 'Sprocket')]);
    expect(first?.status?.conditions?.find((c) => c.type === 'Established')?.status).toBe('True');
    using client = new Client({ kubeConfig: realServer().kubeConfig() });
    const list = await client.list({ apiVersion: `${GROUP}/v1`, kind: 'Sprocket' });
    expect(list.items).toEqual([]);

    const changed = crd('sprockets', 'Sprocket');
    changed.spec.names.shortNames = ['spr'];
    const [second] = await installCrds(realServer().kubeConfig(), [changed]);
    expect(second?.spec.names.shortNames).toEqual(['spr']);
    expect(Number(second?.metadata.resourceVersion)).toBeGreaterThan(Number(first?.metadata.resourceVersion));
  });

  it('names a CRD the server refuses, with the status code and the server message', async () => {
    const bad = crd('widgetses', 'Widgets');
    bad.metadata.name = `wrong.${GROUP}`;
    const err = await installCrds(realServer().kubeConfig(), [bad]).catch((e: unknown) => e);
    expect(isTestEnvironmentError(err, 'CrdNotEstablished')).toBe(true);
    expect((err as Error).message).toContain(`the server refused CRD wrong.${GROUP} (422)`);
    expect((err as Error).message).toContain('must be spec.names.plural+"."+spec.group');
  });

  it('names a CRD the user may not create (403 for the restricted user)', async () => {
    const err = await installCrds(realServer().kubeConfig('restricted'), [crd('cogs', 'Cog')]).catch((e: unknown) => e);
    expect(isTestEnvironmentError(err, 'CrdNotEstablished')).toBe(true);
    expect((err as Error).message).toContain(`the server refused CRD cogs.${GROUP} (403)`);
  });

  it('names a CRD whose names the server does not accept (a kind another CRD of the group uses)', async () => {
    await installCrds(realServer().kubeConfig(), [crd('gears', 'Gear')]);
    const err = await installCrds(realServer().kubeConfig(), [crd('gearwheels', 'Gear')]).catch((e: unknown) => e);
    expect(isTestEnvironmentError(err, 'CrdNotEstablished')).toBe(true);
    expect((err as Error).message).toContain(`CRD gearwheels.${GROUP}: names not accepted`);
  });

  it('stops at once when its signal has fired', async () => {
    const aborted = AbortSignal.abort(new Error('test over'));
    const err = await installCrds(realServer().kubeConfig(), [crd('pulleys', 'Pulley')], { signal: aborted }).catch(
      (e: unknown) => e,
    );
    expect(isTestEnvironmentError(err, 'Aborted')).toBe(true);
    expect((err as Error).message).toContain(`pulleys.${GROUP}`);
  });
});
