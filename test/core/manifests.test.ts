import { describe, expect, it } from '@jest/globals';
import { findReason, formatManifests, parseManifestDocuments, parseManifests } from '@kubekit/core';

describe('manifests', () => {
  it('reads every object of a multi-document text, unpacking lists and skipping empty documents', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}',
      '',
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}',
      '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "d"}}',
    ].join('\n---\n');
    expect(parseManifests(text).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ConfigMap/a',
      'Secret/b',
      'ConfigMap/c',
      'Namespace/d',
    ]);
  });

  it('reads a JSON file as one document (a list unpacked), and YAML that starts like JSON as YAML', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }],
    };
    expect(parseManifests(JSON.stringify(list, null, 2))).toEqual(list.items);
    expect(parseManifests('{kind: ConfigMap}\n---\n{kind: Secret}').map((o) => o.kind)).toEqual([
      'ConfigMap',
      'Secret',
    ]);
  });

  it('formats objects so that they read back the same', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { rule: 'x'.repeat(200) } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ];
    const text = formatManifests(objects);
    expect(text.startsWith('---\n')).toBe(true);
    expect(text).toContain(`rule: ${'x'.repeat(200)}\n`);
    expect(parseManifests(text)).toEqual(objects);
  });

  it('names the source and the document that does not parse, or is not an object', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('did not throw');
    };
    const broken = error(() => parseManifestDocuments('a: 1\n---\nb: [unclosed', 'crds.yaml'));
    const invalid = findReason(broken, 'InvalidManifest');
    expect(invalid && [invalid.source, invalid.document, invalid.retryable]).toEqual(['crds.yaml', 2, false]);
    expect(invalid?.message).toMatch(/^cannot parse crds\.yaml \(document 2\): /);
    const scalar = error(() => parseManifests('just text'));
    expect(findReason(scalar, 'InvalidManifest')?.message).toBe(
      'cannot parse input (document 1): the document is not an object',
    );
  });
});
