import { describe, expect, it } from '@jest/globals';
import { compareResourceVersions, isComparableResourceVersion, keyOf, objectKey, parseKey } from '@kubekit/core';

describe('object keys', () => {
  it('are namespace/name, or name alone for a cluster-scoped object, and parse back', () => {
    expect(objectKey({ metadata: { namespace: 'ns', name: 'web' } })).toBe('ns/web');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(keyOf('web', 'ns')).toBe('ns/web');
    expect(keyOf('node-1')).toBe('node-1');
    expect(parseKey('ns/web')).toEqual({ namespace: 'ns', name: 'web' });
    expect(parseKey('node-1')).toEqual({ name: 'node-1' });
  });
});

describe('resourceVersion comparison', () => {
  it('orders decimal resourceVersions exactly, at any length', () => {
    expect(compareResourceVersions('10', '9')).toBeGreaterThan(0);
    expect(compareResourceVersions('123456789012345678901', '123456789012345678902')).toBeLessThan(0);
    expect(compareResourceVersions('7', '7')).toBe(0);
  });

  it('says nothing about versions that are not decimal integers', () => {
    expect(compareResourceVersions('v7', '7')).toBeUndefined();
    expect(compareResourceVersions('07', '7')).toBeUndefined();
    expect(isComparableResourceVersion('42')).toBe(true);
    expect(isComparableResourceVersion('')).toBe(false);
    expect(isComparableResourceVersion(undefined)).toBe(false);
  });
});
