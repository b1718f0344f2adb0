/** The consistent-hash ring and the gate of a sharded controller, without a server. */
import { describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import {
  fnv1a64,
  intersectShardRanges,
  type KubeObject,
  SHARD_HASH_SPACE,
  shardRangesFraction,
  subtractShardRanges,
} from '@kubekit/core';
import { HashRing, isShardRevoked, resolveShardingOptions, ShardGate } from '@kubekit/manager';

const ALL = [{ start: 0n, end: SHARD_HASH_SPACE }];

describe('HashRing', () => {
  it('gives every hash to exactly one member, about evenly', () => {
    const ring = new HashRing(['a', 'b', 'c'], 16);
    const ranges = ring.members.map((m) => ring.rangesOf(m));
    expect(subtractShardRanges(ALL, ranges.flat())).toEqual([]);
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++)
        expect(intersectShardRanges(ranges[i] ?? [], ranges[j] ?? [])).toEqual([]);
    }
    for (const r of ranges) expect(shardRangesFraction(r)).toBeGreaterThan(0.15);
    expect(ring.ownerOf(fnv1a64('some-uid'))).toBeDefined();
  });

  it('is the same ring whatever the order of members, on every replica', () => {
    expect(new HashRing(['c', 'a', 'b'], 8).rangesOf('a')).toEqual(new HashRing(['a', 'b', 'c'], 8).rangesOf('a'));
  });

  it('moves only the new member’s share when one joins', () => {
    const three = new HashRing(['a', 'b', 'c'], 16);
    const four = new HashRing(['a', 'b', 'c', 'd'], 16);
    for (const m of ['a', 'b', 'c']) {
      // what a member keeps is a subset of what it had: it only loses ranges (to d)
      expect(subtractShardRanges(four.rangesOf(m), three.rangesOf(m))).toEqual([]);
    }
  });

  it('refuses a bad number of virtual nodes', () => {
    expect(() => new HashRing(['a'], 0)).toThrow(expect.objectContaining({ field: 'sharding.virtualNodes' }));
  });
});

describe('ShardGate', () => {
  const cm = (name: string, uid: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'ns', uid },
  });

  it('reconciles a request only while its object’s hash is active, and aborts it when the range moves', async () => {
    const gate = new ShardGate('cms', builtinKinds.ConfigMap, 'uid');
    const requeued: string[] = [];
    gate.attach((key) => requeued.push(key));
    gate.observe(builtinKinds.ConfigMap, { type: 'add', object: cm('x', 'uid-x') });
    expect(gate.enter('ns/x')).toBeUndefined(); // nothing active yet
    const h = fnv1a64('uid-x');
    gate.setActive([{ start: h, end: h + 1n }]);
    expect(requeued).toEqual(['ns/x']); // a range that became active queues its known objects
    expect(gate.owns('ns/unknown')).toBe(false);
    const signal = gate.enter('ns/x');
    expect(signal?.aborted).toBe(false);
    gate.setActive([]);
    expect(isShardRevoked(signal?.reason)).toBe(true);
    let drained = false;
    const done = gate.drained().then(() => {
      drained = true;
    });
    await Promise.resolve();
    expect(drained).toBe(false); // the aborted reconcile has not ended yet
    gate.exit('ns/x');
    await done;
    expect(drained).toBe(true);
  });

  it('routes by namespace when the field is namespace, known object or not', () => {
    const gate = new ShardGate('cms', builtinKinds.ConfigMap, 'namespace');
    const h = fnv1a64('ns');
    gate.setActive([{ start: h, end: h + 1n }]);
    expect(gate.owns('ns/anything')).toBe(true);
    expect(gate.owns('other/anything')).toBe(false);
  });
});

describe('resolveShardingOptions', () => {
  it('names the option that is wrong', () => {
    expect(() => resolveShardingOptions({ name: 'Bad_Name' })).toThrow(
      expect.objectContaining({ field: 'sharding.name' }),
    );
    expect(() => resolveShardingOptions({ name: 'r', renewDeadlineMs: 20_000 })).toThrow(
      expect.objectContaining({ field: 'sharding.renewDeadlineMs' }),
    );
  });
});
