import { describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import { defineKind, formatApiVersion, parseApiVersion } from '@kubekit/core';
import { validateName, validateNamespace } from '../../packages/client/src/validation.js';
import { isKindDescriptor } from '../../packages/core/src/kinds/descriptor.js';

describe('parseApiVersion', () => {
  it('splits group and version; the core group is empty', () => {
    expect(parseApiVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(parseApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(parseApiVersion('test.kubekit.dev/v1beta2')).toEqual({ group: 'test.kubekit.dev', version: 'v1beta2' });
    expect(formatApiVersion({ group: '', version: 'v1' })).toBe('v1');
    expect(formatApiVersion({ group: 'apps', version: 'v1' })).toBe('apps/v1');
  });

  it.each(['apps/', '/v1', 'a/b/c', '', 'apps.example.com', 'apps/V1'])('refuses %j, naming apiVersion', (bad) => {
    expect(() => parseApiVersion(bad)).toThrow(
      expect.objectContaining({ reason: 'InvalidInput', field: 'apiVersion' }),
    );
  });
});

describe('names', () => {
  it.each(['a', 'web-0', 'a.b.c', 'x'.repeat(253)])('accepts %j', (name) => {
    expect(validateName(name)).toBe(name);
  });
  it.each(['', 'Web', 'a_b', '-a', 'a-', 'a..b', 'x'.repeat(254), 'a/b'])('refuses %j', (name) => {
    expect(() => validateName(name)).toThrow(
      expect.objectContaining({ reason: 'InvalidInput', field: 'metadata.name' }),
    );
  });
  it('namespaces are DNS-1123 labels', () => {
    expect(validateNamespace('kube-system')).toBe('kube-system');
    expect(() => validateNamespace('a.b')).toThrow(expect.objectContaining({ field: 'namespace' }));
    expect(() => validateNamespace('x'.repeat(64))).toThrow(/63/);
  });
  it("a refused name carries kube-apiserver's wording under the field path", () => {
    expect(() => validateName('Web')).toThrow(
      expect.objectContaining({
        field: 'metadata.name',
        message: expect.stringMatching(
          /^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters/,
        ),
      }),
    );
    expect(() => validateNamespace('a.b')).toThrow('namespace: Invalid value: "a.b": must not contain dots');
  });
});

describe('kind descriptors', () => {
  it('the built-in catalog declares plurals and scopes', () => {
    expect(builtinKinds.Pod).toMatchObject({
      apiVersion: 'v1',
      group: '',
      version: 'v1',
      plural: 'pods',
      scope: 'Namespaced',
    });
    expect(builtinKinds.Ingress).toMatchObject({ group: 'networking.k8s.io', plural: 'ingresses' });
    expect(builtinKinds.Namespace.scope).toBe('Cluster');
    expect(builtinKinds.ClusterRole.scope).toBe('Cluster');
    expect(Object.isFrozen(builtinKinds.Deployment)).toBe(true);
  });

  it('custom resources carry their CRD names', () => {
    const Widget = defineKind({
      apiVersion: 'g.io/v1',
      kind: 'Widget',
      plural: 'widgets',
      scope: 'Namespaced',
    });
    expect(Widget).toMatchObject({ apiVersion: 'g.io/v1', kind: 'Widget', plural: 'widgets', scope: 'Namespaced' });
    expect(isKindDescriptor(Widget)).toBe(true);
    expect(isKindDescriptor({ apiVersion: 'g.io/v1', kind: 'Widget' })).toBe(false);
  });

  it('refuses bad declarations, naming the field', () => {
    expect(() => defineKind({ apiVersion: 'g.io/v1', kind: 'W', plural: 'Widgets' })).toThrow(
      expect.objectContaining({ field: 'plural' }),
    );
    expect(() => defineKind({ apiVersion: 'g.io/', kind: 'W' })).toThrow(
      expect.objectContaining({ field: 'apiVersion' }),
    );
  });
});
