import { describe, expect, it } from '@jest/globals';
import {
  type FieldTypes,
  fieldSetOf,
  fromFieldsV1,
  toFieldsV1,
} from '../../../../packages/testing/src/fake/engine/fieldSets.js';
import { applyConfig } from '../../../../packages/testing/src/fake/engine/managedFields.js';
import { builtinFieldTypes } from '../../../../packages/testing/src/fake/kinds/kindSchemas.js';

const deploymentTypes: FieldTypes = builtinFieldTypes('apps/v1', 'Deployment');
const write = (manager: string) => ({
  manager,
  apiVersion: 'apps/v1',
  subresource: undefined,
  scope: 'main' as const,
  time: '2030-01-01T00:00:00Z',
  types: deploymentTypes,
  force: false,
});
const deployment = (containers: object[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: { app: 'd' } }, template: { spec: { containers } } },
});
const names = (obj: Record<string, unknown>) =>
  (obj.spec as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers.map(
    (c) => c.name,
  );

describe('field sets', () => {
  it('names keyed list items by key, sets by value, and atomic maps as one field', () => {
    const set = fieldSetOf(
      {
        metadata: { finalizers: ['x'], labels: { 'app.kubernetes.io/name': 'd' } },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: { spec: { containers: [{ name: 'web', image: 'i' }] } },
        },
      },
      deploymentTypes,
    );
    expect(toFieldsV1(set.keys())).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"x"': {} }, 'f:labels': { 'f:app.kubernetes.io/name': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
    expect(fromFieldsV1(toFieldsV1(set.keys()))).toEqual(new Set(set.keys()));
  });

  it('apply merges keyed lists in the real server order: shared items in the applied order, live-only ones kept in place', () => {
    const first = applyConfig(undefined, deployment([{ name: 'a' }, { name: 'b' }]), write('m1'));
    const second = applyConfig(first, deployment([{ name: 'c' }, { name: 'a' }]), write('m2'));
    expect(names(second)).toEqual(['c', 'a', 'b']);
    const third = applyConfig(second, deployment([{ name: 'b' }, { name: 'a' }]), write('m3'));
    expect(names(third)).toEqual(['c', 'b', 'a']);
  });
});
