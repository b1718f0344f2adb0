/**
 * Custom resources defined with `@kubekit/crd`, shared by the crd suites: the real-server suite
 * installs their CRDs, and the CLI suite runs `kubekit crd generate` on this very module.
 */
import { defineCustomResource, k8s } from '@kubekit/crd';
import { z } from 'zod';

/** A namespaced kind that uses every schema feature the real server is asked to judge. */
export const Gizmo = defineCustomResource({
  group: 'crd-test.kubekit.dev',
  version: 'v1',
  kind: 'Gizmo',
  shortNames: ['gz'],
  categories: ['kubekit-test'],
  description: 'A test resource for @kubekit/crd.',
  spec: z.object({
    size: z.number().int().min(1).max(10).default(3).describe('How big; the server fills in 3.'),
    color: z.enum(['red', 'green', 'blue']).default('blue'),
    owner: k8s.validate(z.string().min(1), { rule: 'self == oldSelf', message: 'owner is immutable' }),
    port: k8s.intOrString().optional(),
    email: z.email().optional(),
    expiresAt: z.iso.datetime().nullable().optional(),
    labels: z.record(z.string(), z.string().max(63)).optional(),
    tags: k8s.listType(z.array(z.string()), 'set').optional(),
    ports: k8s
      .listType(
        z
          .array(
            z.object({
              name: z.string(),
              port: k8s.validate(z.number().int(), {
                rule: 'self > 0 && self < 65536',
                message: 'port must be between 1 and 65535',
              }),
              protocol: z.enum(['TCP', 'UDP']).default('TCP'),
            }),
          )
          // Without a bound the server estimates the rules' cost per item as unbounded and refuses the CRD.
          .max(16),
        'map',
        ['name'],
      )
      .optional(),
    template: k8s.preserveUnknownFields().optional(),
    // `oldSelf.hasValue()` only compiles when optionalOldSelf is on: the server proves it was passed.
    revision: k8s
      .validate(z.number().int(), {
        rule: '!oldSelf.hasValue() || self >= oldSelf.value()',
        message: 'revision cannot go back',
        optionalOldSelf: true,
      })
      .optional(),
    embedded: k8s.embeddedResource(k8s.preserveUnknownFields(z.object({}))).optional(),
    limits: k8s
      .validate(z.object({ min: z.number().int(), max: z.number().int() }), {
        rule: 'self.min <= self.max',
        // Server-side cost estimates make string(int) unaffordable here; constant branches are cheap.
        messageExpression: "self.min > self.max ? 'min exceeds max' : 'limits are invalid'",
        fieldPath: '.min',
        reason: 'FieldValueForbidden',
      })
      .optional(),
  }),
  status: z.object({
    phase: z.enum(['Pending', 'Ready']).optional(),
    replicas: z.number().int().optional(),
  }),
  printerColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
  selectableFields: ['.spec.color'],
  subresources: { scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.replicas' } },
  validations: [{ rule: "self.metadata.name != 'forbidden'", message: 'that name is reserved' }],
});

/** A cluster-scoped kind with two versions; v1 is stored, v1alpha1 is still served. */
export const Doohickey = defineCustomResource({
  group: 'crd-test.kubekit.dev',
  kind: 'Doohickey',
  scope: 'Cluster',
  versions: {
    v1alpha1: {
      spec: z.object({ level: z.number().int().optional() }),
      deprecated: true,
      deprecationWarning: 'use v1',
    },
    v1: {
      spec: z.object({ level: z.number().int().optional(), mode: z.enum(['fast', 'safe']).default('safe') }),
      storage: true,
    },
  },
});
