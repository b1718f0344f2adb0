/** Shard hashing and ranges: the FNV-1a 64 kube-apiserver's shardSelector uses, and the selector text it echoes. */
import { describe, expect, it } from '@jest/globals';
import {
  fnv1a64,
  formatShardHash,
  formatShardRanges,
  intersectShardRanges,
  isInvalidInput,
  type KubeObject,
  parseShardRanges,
  SHARD_HASH_SPACE,
  shardHashOf,
  shardRangesContain,
  shardSelectorString,
  subtractShardRanges,
} from '@kubekit/core';

describe('fnv1a64', () => {
  // vectors printed by Go's hash/fnv New64a (what kube-apiserver's sharding.HashField uses)
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
    ['0b5c3a1e-7f3d-4a4e-9a55-2f1d3c4b5a69', '9f20c193c2b3889d'],
    ['default', 'ebada5168620c5fe'],
    ['kube-system', 'df65c7bc1d82b35e'],
    ['ünïcode', 'b1b0d40350a25beb'],
  ])('hashes %j to Go’s value', (value, hex) => {
    expect(fnv1a64(value).toString(16).padStart(16, '0')).toBe(hex);
  });

  it('hashes the controller owner’s uid when asked to follow it', () => {
    const owned: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'c',
        uid: 'own',
        ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'a', controller: true }],
      },
    };
    expect(shardHashOf(owned, 'uid', { followController: true })).toBe(fnv1a64('a'));
    expect(shardHashOf(owned, 'uid')).toBe(fnv1a64('own'));
  });
});

describe('shard ranges', () => {
  const half = 1n << 63n;
  it('formats the selector exactly as kube-apiserver echoes it (16 hex digits, 17 for 2^64)', () => {
    expect(
      shardSelectorString('uid', [
        { start: half, end: SHARD_HASH_SPACE },
        { start: 0n, end: 1n << 62n },
      ]),
    ).toBe(
      "shardRange(object.metadata.uid, '0x0000000000000000', '0x4000000000000000') || " +
        "shardRange(object.metadata.uid, '0x8000000000000000', '0x10000000000000000')",
    );
    expect(formatShardHash(SHARD_HASH_SPACE)).toBe('0x10000000000000000');
  });

  it('refuses an empty selector and out-of-range bounds', () => {
    expect(() => shardSelectorString('uid', [])).toThrow(expect.objectContaining({ field: 'shardSelector' }));
    let error: unknown;
    try {
      formatShardHash(SHARD_HASH_SPACE + 1n);
    } catch (e) {
      error = e;
    }
    expect(isInvalidInput(error)).toBe(true);
  });

  it('subtracts, intersects and round-trips through annotation text', () => {
    const all = [{ start: 0n, end: SHARD_HASH_SPACE }];
    const low = [{ start: 0n, end: half }];
    expect(subtractShardRanges(all, low)).toEqual([{ start: half, end: SHARD_HASH_SPACE }]);
    expect(intersectShardRanges(all, low)).toEqual(low);
    expect(shardRangesContain(low, half - 1n)).toBe(true);
    expect(shardRangesContain(low, half)).toBe(false);
    expect(parseShardRanges(formatShardRanges([{ start: 5n, end: 9n }, ...low]))).toEqual(low);
    expect(() => parseShardRanges('0x1-zz')).toThrow(expect.objectContaining({ reason: 'InvalidInput' }));
  });
});
