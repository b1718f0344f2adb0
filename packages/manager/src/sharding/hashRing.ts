import { createHash } from 'node:crypto';
import { InvalidInputError, normalizeShardRanges, SHARD_HASH_SPACE, type ShardRange } from '@kubekit/core';

/**
 * A consistent-hash ring over the 64-bit shard hash space: each member places `virtualNodes`
 * points (SHA-256 of `member#i`, so every replica computes the same ring), and each point owns
 * the hashes from the previous point up to it. Adding or removing a member moves only the ranges
 * next to its points. Pure: no I/O, no clock.
 */
export class HashRing {
  /** The members, sorted. */
  readonly members: readonly string[];
  readonly #ranges = new Map<string, ShardRange[]>();

  constructor(members: Iterable<string>, virtualNodes: number) {
    if (!Number.isInteger(virtualNodes) || virtualNodes < 1) {
      throw new InvalidInputError('sharding.virtualNodes', `must be an integer >= 1, got ${virtualNodes}`);
    }
    this.members = [...new Set(members)].sort();
    const points: { at: bigint; member: string }[] = [];
    for (const member of this.members) {
      for (let i = 0; i < virtualNodes; i++) points.push({ at: ringPoint(`${member}#${i}`), member });
    }
    points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.member < b.member ? -1 : 1));
    const raw = new Map<string, ShardRange[]>(this.members.map((m) => [m, []]));
    points.forEach((p, i) => {
      const previous = i === 0 ? undefined : (points[i - 1] as { at: bigint });
      const list = raw.get(p.member) as ShardRange[];
      if (previous) list.push({ start: previous.at, end: p.at });
      else {
        // the first point also owns the wrap-around: from the last point to 2^64, and 0 to itself
        const last = points[points.length - 1] as { at: bigint };
        list.push({ start: 0n, end: p.at }, { start: last.at, end: SHARD_HASH_SPACE });
      }
    });
    for (const [m, list] of raw) this.#ranges.set(m, normalizeShardRanges(list));
  }

  /** The ranges `member` owns (none when it is not on the ring). */
  rangesOf(member: string): ShardRange[] {
    return this.#ranges.get(member) ?? [];
  }

  /** The member that owns `hash`, or `undefined` for an empty ring. */
  ownerOf(hash: bigint): string | undefined {
    for (const [member, ranges] of this.#ranges) {
      if (ranges.some((r) => hash >= r.start && hash < r.end)) return member;
    }
    return undefined;
  }
}

function ringPoint(text: string): bigint {
  return createHash('sha256').update(text).digest().readBigUInt64BE(0);
}
