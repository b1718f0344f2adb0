import { describe, expect, it } from '@jest/globals';
import { type CustomResourceOf, defineCustomResource, isCrdError, k8s } from '@kubekit/crd';
import { z } from 'zod';
import { resolveCustomResourceNamesOptions } from '../../packages/crd/src/defineCustomResource.js';
import { pluralize } from '../../packages/crd/src/pluralize.js';
import { Doohickey, Gizmo } from '../support/crdResources.js';
import { thrown } from '../support/thrown.js';

const spec = z.object({ size: z.number().int().default(1), name: z.string() });

describe('defineCustomResource', () => {
  it('describes where the kind is served, for the client and cache', () => {
    expect(Gizmo).toMatchObject({
      apiVersion: 'crd-test.kubekit.dev/v1',
      group: 'crd-test.kubekit.dev',
      version: 'v1',
      kind: 'Gizmo',
      plural: 'gizmoes',
      singular: 'gizmo',
      listKind: 'GizmoList',
      namespaced: true,
      scope: 'Namespaced',
      storage: true,
    });
    expect(Doohickey.versions.v1).toMatchObject({ namespaced: false, scope: 'Cluster', storage: true });
    expect(Doohickey.versions.v1alpha1).toMatchObject({ apiVersion: 'crd-test.kubekit.dev/v1alpha1', storage: false });
    expect(Doohickey.storageVersion).toBe('v1');
  });

  it('builds the CRD: names, scope, root schema with spec required, subresources, columns, fields and root rules', () => {
    const crd = Gizmo.crd;
    expect(crd.metadata.name).toBe('gizmoes.crd-test.kubekit.dev');
    expect(crd.spec).toMatchObject({
      group: 'crd-test.kubekit.dev',
      scope: 'Namespaced',
      names: {
        kind: 'Gizmo',
        plural: 'gizmoes',
        singular: 'gizmo',
        listKind: 'GizmoList',
        shortNames: ['gz'],
        categories: ['kubekit-test'],
      },
    });
    const [v1] = crd.spec.versions;
    expect(v1).toMatchObject({
      name: 'v1',
      served: true,
      storage: true,
      subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.replicas' } },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      selectableFields: [{ jsonPath: '.spec.color' }],
    });
    const root = v1?.schema?.openAPIV3Schema;
    expect(root).toMatchObject({
      type: 'object',
      description: 'A test resource for @kubekit/crd.',
      required: ['spec'],
      'x-kubernetes-validations': [{ rule: "self.metadata.name != 'forbidden'", message: 'that name is reserved' }],
    });
    expect(Object.keys(root?.properties ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('leaves spec out of required when the spec schema accepts nothing, and status out when there is none', () => {
    const r = defineCustomResource({ group: 'x.example.com', version: 'v1', kind: 'Thing', spec: spec.optional() });
    const root = r.crd.spec.versions[0]?.schema?.openAPIV3Schema;
    expect(root?.required).toBeUndefined();
    expect(root?.properties?.status).toBeUndefined();
    expect(r.crd.spec.versions[0]?.subresources).toBeUndefined();
  });

  it('passes a conversion strategy through as the hook for a conversion webhook', () => {
    const conversion = {
      strategy: 'Webhook' as const,
      webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { namespace: 'ops', name: 'convert' } } },
    };
    const r = defineCustomResource({
      group: 'x.example.com',
      kind: 'Thing',
      conversion,
      versions: { v1: { spec, storage: true }, v2: { spec } },
    });
    expect(r.crd.spec.conversion).toEqual(conversion);
    expect(r.crd.spec.versions.map((v) => [v.name, v.storage])).toEqual([
      ['v1', true],
      ['v2', false],
    ]);
  });

  it('decodes objects: defaults filled in, undeclared fields dropped, metadata kept', () => {
    const obj = {
      apiVersion: 'crd-test.kubekit.dev/v1',
      kind: 'Gizmo',
      metadata: { name: 'g', uid: 'u1', labels: { a: 'b' } },
      spec: { owner: 'ana', unknown: 1 },
      status: { phase: 'Ready' },
    };
    const parsed = Gizmo.decode(obj);
    expect(parsed.spec).toEqual({ owner: 'ana', size: 3, color: 'blue' });
    expect(parsed.metadata).toEqual({ name: 'g', uid: 'u1', labels: { a: 'b' } });
    expect(parsed.status).toEqual({ phase: 'Ready' });
  });

  it('refuses objects that do not match with an InvalidObject error listing each path', () => {
    const bad = { apiVersion: 'crd-test.kubekit.dev/v2', kind: 'Gizmo', metadata: {}, spec: { size: 99 } };
    const err = thrown(() => Gizmo.decode(bad));
    expect(isCrdError(err, 'InvalidObject')).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain('apiVersion');
    expect(message).toContain('spec.size');
    expect(message).toContain('spec.owner');
    expect((err as Error).cause).toBeInstanceOf(z.ZodError);
    expect(err).toMatchObject({ path: 'apiVersion' });
  });

  it.each([
    ['a group without a dot', { group: 'example', kind: 'Thing' }, 'group "example"'],
    ['a lower-case kind', { group: 'x.example.com', kind: 'thing' }, 'kind "thing"'],
    ['an upper-case short name', { group: 'x.example.com', kind: 'Thing', shortNames: ['TH'] }, 'short name "TH"'],
  ])('refuses %s with InvalidDefinition', (_what, names, hint) => {
    const err = thrown(() => defineCustomResource({ ...names, version: 'v1', spec }));
    expect(isCrdError(err, 'InvalidDefinition')).toBe(true);
    expect((err as Error).message).toContain(hint);
  });

  it('refuses a kind whose versions do not have exactly one storage version', () => {
    const none = () =>
      defineCustomResource({ group: 'x.example.com', kind: 'Thing', versions: { v1: { spec }, v2: { spec } } });
    const two = () =>
      defineCustomResource({
        group: 'x.example.com',
        kind: 'Thing',
        versions: { v1: { spec, storage: true }, v2: { spec, storage: true } },
      });
    expect(none).toThrow('exactly one version must have storage: true (found none)');
    expect(two).toThrow('(found v1, v2)');
  });

  it('names the field of a schema Kubernetes cannot express, under spec or status', () => {
    expect(() =>
      defineCustomResource({
        group: 'x.example.com',
        version: 'v1',
        kind: 'Thing',
        spec,
        status: z.object({ since: z.date() }),
      }),
    ).toThrow('field status.since');
  });

  it('fills in the name defaults: plural, singular, listKind, scope, no short names or categories', () => {
    expect(resolveCustomResourceNamesOptions({ group: 'x.example.com', kind: 'Policy' })).toEqual({
      group: 'x.example.com',
      kind: 'Policy',
      plural: 'policies',
      singular: 'policy',
      listKind: 'PolicyList',
      scope: 'Namespaced',
      shortNames: [],
      categories: [],
    });
  });

  it('pluralises kinds the way kubebuilder does', () => {
    expect(['widget', 'policy', 'ingress', 'box', 'gateway', 'match'].map(pluralize)).toEqual([
      'widgets',
      'policies',
      'ingresses',
      'boxes',
      'gateways',
      'matches',
    ]);
    expect(defineCustomResource({ group: 'x.example.com', version: 'v1', kind: 'NetworkPolicy', spec }).plural).toBe(
      'networkpolicies',
    );
  });

  it('infers the object type from the schemas (checked by tsc)', () => {
    type G = CustomResourceOf<typeof Gizmo>;
    const g: G = Gizmo.decode({ apiVersion: Gizmo.apiVersion, kind: 'Gizmo', metadata: {}, spec: { owner: 'x' } });
    const size: number = g.spec.size;
    const color: 'red' | 'green' | 'blue' = g.spec.color;
    const phase: 'Pending' | 'Ready' | undefined = g.status?.phase;
    // @ts-expect-error owner is a string
    const wrong: number = g.spec.owner;
    const port: number | string | undefined = g.spec.port;
    const level: number | undefined = Doohickey.versions.v1alpha1.decode({
      apiVersion: 'crd-test.kubekit.dev/v1alpha1',
      kind: 'Doohickey',
      spec: {},
    }).spec.level;
    const withHelper = k8s.validate(z.string(), 'self != ""');
    const s: string = withHelper.parse('a');
    expect([size, color, phase, typeof wrong, port, level, s]).toEqual([
      3,
      'blue',
      undefined,
      'string',
      undefined,
      undefined,
      'a',
    ]);
  });
});
