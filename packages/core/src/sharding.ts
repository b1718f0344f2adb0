import { InvalidInputError } from './errors.js';
import type { KubeObject } from './object.js';
import { controllerOf } from './ownerReferences.js';

/**
 * Shard ranges over the 64-bit FNV-1a hash space, as kube-apiserver's `shardSelector` list/watch
 * parameter (KEP-5866, feature gate `ShardedListAndWatch`) defines them: the hash of a metadata
 * field's UTF-8 bytes, ranges `[start, end)` over `[0, 2^64)`. The one hash function of kubekit
 * lives here so that server-side and client-side filtering agree bit for bit.
 */

/** The size of the hash space: 2^64 (the exclusive upper bound of the last range). */
export const SHARD_HASH_SPACE = 1n << 64n;

/** Which metadata field a shard hashes: `uid` spreads objects evenly; `namespace` keeps a namespace on one shard. */
export type ShardKeyField = 'uid' | 'namespace';

/** A half-open range `[start, end)` of 64-bit hashes; `0 <= start < end <= 2^64`. */
export interface ShardRange {
  /** The first hash in the range. */
  readonly start: bigint;
  /** The first hash past the range (exclusive); `2^64` for a range that runs to the end. */
  readonly end: bigint;
}

const encoder = new TextEncoder();

/**
 * The 64-bit FNV-1a hash of `value`'s UTF-8 bytes (Go's `hash/fnv.New64a`, which kube-apiserver
 * uses for `shardRange`). Computed on two 32-bit halves (no bigint in the loop).
 */
export function fnv1a64(value: string): bigint {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of encoder.encode(value)) {
    lo = (lo ^ byte) >>> 0;
    // multiply by the FNV prime 2^40 + 0x1b3, modulo 2^64
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x1_0000_0000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loProduct >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** `0x` and 16 lowercase hex digits (17 for 2^64), the form kube-apiserver compares shard bounds in. */
export function formatShardHash(hash: bigint): string {
  if (hash < 0n || hash > SHARD_HASH_SPACE) throw new InvalidInputError('hash', `must be in [0, 2^64], got ${hash}`);
  return `0x${hash.toString(16).padStart(16, '0')}`;
}

/** The value a shard hashes for `object`: its uid or namespace (`''` when absent). */
export function shardKeyValue(object: KubeObject, field: ShardKeyField): string {
  return (field === 'uid' ? object.metadata?.uid : object.metadata?.namespace) ?? '';
}

/**
 * The shard hash of `object`. With `followController` (objects a controller owns), the hash of its
 * controller owner's uid, so an owned object lands on the replica that owns its owner; objects
 * without a controller owner hash their own field.
 */
export function shardHashOf(
  object: KubeObject,
  field: ShardKeyField,
  options: { followController?: boolean } = {},
): bigint {
  if (field === 'uid' && options.followController) {
    const owner = controllerOf(object);
    if (owner?.uid) return fnv1a64(owner.uid);
  }
  return fnv1a64(shardKeyValue(object, field));
}

/** Sorted, merged, non-empty ranges; throws `InvalidInputError` for a range out of bounds. */
export function normalizeShardRanges(ranges: readonly ShardRange[]): ShardRange[] {
  for (const r of ranges) {
    if (r.start < 0n || r.end > SHARD_HASH_SPACE || r.start > r.end) {
      throw new InvalidInputError('shardRange', `must satisfy 0 <= start <= end <= 2^64, got [${r.start}, ${r.end})`);
    }
  }
  const sorted = ranges
    .filter((r) => r.start < r.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: { start: bigint; end: bigint }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** Whether `hash` falls in one of `ranges`. */
export function shardRangesContain(ranges: readonly ShardRange[], hash: bigint): boolean {
  return ranges.some((r) => hash >= r.start && hash < r.end);
}

/** The parts of `a` that are in `b` (normalized). */
export function intersectShardRanges(a: readonly ShardRange[], b: readonly ShardRange[]): ShardRange[] {
  const out: ShardRange[] = [];
  for (const x of normalizeShardRanges(a)) {
    for (const y of normalizeShardRanges(b)) {
      // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints
      const start = x.start > y.start ? x.start : y.start;
      // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
      const end = x.end < y.end ? x.end : y.end;
      if (start < end) out.push({ start, end });
    }
  }
  return normalizeShardRanges(out);
}

/** The parts of `a` that are not in `b` (normalized). */
export function subtractShardRanges(a: readonly ShardRange[], b: readonly ShardRange[]): ShardRange[] {
  let rest = normalizeShardRanges(a);
  for (const y of normalizeShardRanges(b)) {
    const next: ShardRange[] = [];
    for (const x of rest) {
      if (y.end <= x.start || y.start >= x.end) next.push(x);
      else {
        if (x.start < y.start) next.push({ start: x.start, end: y.start });
        if (y.end < x.end) next.push({ start: y.end, end: x.end });
      }
    }
    rest = next;
  }
  return rest;
}

/** The fraction of the hash space `ranges` cover, in [0, 1]. */
export function shardRangesFraction(ranges: readonly ShardRange[]): number {
  let total = 0n;
  for (const r of normalizeShardRanges(ranges)) total += r.end - r.start;
  return Number((total * 1_000_000n) / SHARD_HASH_SPACE) / 1_000_000;
}

/**
 * The `shardSelector` parameter for `ranges` of `field`, in the exact form kube-apiserver echoes
 * back in `metadata.shardInfo.selector`: `shardRange(object.metadata.uid, '0x…', '0x…') || …`.
 * Throws `InvalidInputError` for no ranges (an empty selector is not allowed: omit the parameter).
 */
export function shardSelectorString(field: ShardKeyField, ranges: readonly ShardRange[]): string {
  const normalized = normalizeShardRanges(ranges);
  if (normalized.length === 0) throw new InvalidInputError('shardSelector', 'needs at least one non-empty range');
  return normalized
    .map((r) => `shardRange(object.metadata.${field}, '${formatShardHash(r.start)}', '${formatShardHash(r.end)}')`)
    .join(' || ');
}

/** Ranges as text for annotations and logs: `0x…-0x…,0x…-0x…` (`''` for none). */
export function formatShardRanges(ranges: readonly ShardRange[]): string {
  return normalizeShardRanges(ranges)
    .map((r) => `${formatShardHash(r.start)}-${formatShardHash(r.end)}`)
    .join(',');
}

/** Parses {@link formatShardRanges}' text; throws `InvalidInputError` naming `field` for bad text. */
export function parseShardRanges(text: string, field = 'shardRanges'): ShardRange[] {
  if (text.trim() === '') return [];
  const ranges = text.split(',').map((part) => {
    const m = /^(0x[0-9a-f]{1,17})-(0x[0-9a-f]{1,17})$/.exec(part.trim());
    if (!m) throw new InvalidInputError(field, `expected 0x<hex>-0x<hex>, got ${JSON.stringify(part)}`);
    return { start: BigInt(m[1] as string), end: BigInt(m[2] as string) };
  });
  return normalizeShardRanges(ranges);
}
