import { describe, expect, it } from '@jest/globals';
import { getNested, gvkOf, hasLabels, type KubeObject, labelsOf, setLabel, setNested } from '@kubekit/core';
import { KubeConfig } from '@kubernetes/client-node';
import { resolveClientOptions } from '../../packages/client/src/options.js';

const owner: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'u-1' } };

describe('unstructured helpers', () => {
  it('reads the GVK of an object and refuses objects without one', () => {
    expect(gvkOf(owner)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(() => gvkOf({ kind: 'X' })).toThrow(expect.objectContaining({ field: 'apiVersion' }));
  });

  it('gets and sets nested fields by dotted path or key list', () => {
    const obj: Record<string, unknown> = { spec: { template: { spec: { containers: [] } } } };
    expect(getNested(obj, 'spec.template.spec.containers')).toEqual([]);
    expect(getNested(obj, 'spec.missing.deeper')).toBeUndefined();
    setNested(obj, ['metadata', 'annotations', 'example.com/a.b'], 'v');
    expect(getNested(obj, ['metadata', 'annotations', 'example.com/a.b'])).toBe('v');
    setNested(obj, 'metadata.annotations', undefined);
    expect(obj.metadata).toEqual({});
    expect(() => setNested({ spec: 3 }, 'spec.size', 1)).toThrow(expect.objectContaining({ field: 'spec' }));
  });

  it('handles labels', () => {
    const obj: KubeObject = { metadata: {} };
    expect(labelsOf(obj)).toEqual({});
    setLabel(obj, 'app', 'web');
    setLabel(obj, 'tier', 'front');
    expect(hasLabels(obj, { app: 'web' })).toBe(true);
    expect(hasLabels(obj, { app: 'db' })).toBe(false);
    setLabel(obj, 'tier', undefined);
    expect(labelsOf(obj)).toEqual({ app: 'web' });
  });
});

describe('resolveClientOptions', () => {
  const kubeConfig = new KubeConfig();
  it('fills the defaults', () => {
    const o = resolveClientOptions({ kubeConfig });
    expect(o).toMatchObject({
      requestTimeoutMs: 30_000,
      qps: 20,
      burst: 30,
      maxRetries: 3,
      retryBaseDelayMs: 200,
      retryMaxDelayMs: 10_000,
      fieldManager: 'kubekit',
      fieldValidation: undefined,
      userAgent: 'kubekit/0.1.0',
      compression: true,
    });
    expect(o.kinds.length).toBeGreaterThan(20);
  });
  it('keeps explicit values and refuses bad ones, naming the option', () => {
    expect(resolveClientOptions({ kubeConfig, qps: 0, maxRetries: 0 })).toMatchObject({ qps: 0, maxRetries: 0 });
    expect(() => resolveClientOptions({ kubeConfig, qps: -1 })).toThrow(
      expect.objectContaining({ field: 'options.qps' }),
    );
    expect(() => resolveClientOptions({ kubeConfig, fieldManager: '' })).toThrow(
      expect.objectContaining({ field: 'options.fieldManager' }),
    );
    expect(() => resolveClientOptions({ kubeConfig, fieldValidation: 'Loose' as unknown as 'Strict' })).toThrow(
      expect.objectContaining({ field: 'options.fieldValidation' }),
    );
  });
});
