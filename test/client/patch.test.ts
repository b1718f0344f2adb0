import { describe, expect, it } from '@jest/globals';
import { jsonPatch } from '@kubekit/client';
import { PATCH_CONTENT_TYPES } from '../../packages/client/src/patch.js';

describe('jsonPatch', () => {
  it('builds RFC 6902 operations, escaping key lists', () => {
    const ops = jsonPatch()
      .test('/metadata/resourceVersion', '5')
      .replace('/spec/size', 3)
      .add(['metadata', 'labels', 'app.kubernetes.io/name'], 'web')
      .remove(['metadata', 'annotations', 'a~b'])
      .move('/a', '/b')
      .copy('/c', '/d')
      .build();
    expect(ops).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '5' },
      { op: 'replace', path: '/spec/size', value: 3 },
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' },
      { op: 'remove', path: '/metadata/annotations/a~0b' },
      { op: 'move', from: '/a', path: '/b' },
      { op: 'copy', from: '/c', path: '/d' },
    ]);
  });

  it('hands out copies and a json Patch', () => {
    const b = jsonPatch().remove('/x');
    const first = b.build();
    b.remove('/y');
    expect(first).toHaveLength(1);
    expect(b.toPatch()).toEqual({
      type: 'json',
      operations: [
        { op: 'remove', path: '/x' },
        { op: 'remove', path: '/y' },
      ],
    });
  });

  it('names the content type of each patch type', () => {
    expect(PATCH_CONTENT_TYPES).toEqual({
      merge: 'application/merge-patch+json',
      json: 'application/json-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      apply: 'application/apply-patch+yaml',
    });
  });
});
