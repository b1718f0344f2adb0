/**
 * `withoutManagedFields` cuts every `"managedFields":[…]` member out of JSON text as the API server
 * writes it, and nothing else: the text parses to the same value minus managedFields, whatever the
 * arrays and strings around it hold.
 */

import { describe, expect, it } from '@jest/globals';
import { withoutManagedFields } from '@kubekit/client/internal';

const managedFields = [
  {
    manager: 'kubelet',
    operation: 'Update',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {} } } } },
    subresource: 'status',
  },
  { manager: 'kubectl "x" ]}[{', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a\\"]': {} } } },
];

const pod = (name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { a: 'b' }, ...metadata },
  spec: { containers: [{ name: 'app', args: ['"managedFields":[', '\\', ']]}}'] }] },
});

const dropped = (o: { metadata: Record<string, unknown> }) => {
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata };
};

describe('withoutManagedFields', () => {
  it('drops managedFields in the middle, at the end and at the start of metadata', () => {
    for (const obj of [
      pod('mid', { managedFields, uid: 'u' }),
      pod('end', { managedFields }),
      { metadata: { managedFields, name: 'start' }, data: { k: 'v' } },
    ]) {
      const text = JSON.stringify(obj);
      expect(JSON.parse(withoutManagedFields(text))).toEqual(dropped(obj));
    }
  });

  it('drops the managedFields of every item of a list, and keeps a string that spells the key', () => {
    const items = [pod('a', { managedFields }), pod('b'), pod('c', { managedFields })];
    const list = { kind: 'PodList', metadata: { resourceVersion: '7' }, items };
    expect(JSON.parse(withoutManagedFields(JSON.stringify(list)))).toEqual({ ...list, items: items.map(dropped) });
  });

  it('drops them from a watch line, and leaves text without them as it is', () => {
    const line = JSON.stringify({ type: 'MODIFIED', object: pod('w', { managedFields }) });
    expect(JSON.parse(withoutManagedFields(line))).toEqual({
      type: 'MODIFIED',
      object: dropped(pod('w', { managedFields })),
    });
    const plain = JSON.stringify(pod('plain'));
    expect(withoutManagedFields(plain)).toBe(plain);
  });

  it('returns text cut off inside the array as it is, for the parser to reject', () => {
    const text = JSON.stringify(pod('cut', { managedFields }));
    const cut = text.slice(0, text.indexOf('"managedFields":[') + 40);
    expect(withoutManagedFields(cut)).toBe(cut);
  });
});
