import { gvkKey, type KindRef } from '@kubekit/core';
import type { InformerProvider } from '../controller/controller.js';
import type { Manager } from '../manager/manager.js';
import { shardedInformer } from './shardedSource.js';
import { ShardGate } from './shardGate.js';
import { type ShardingOptions, ShardMember } from './shardMember.js';
import { ShardMetrics } from './shardMetrics.js';

interface ManagerShards {
  readonly metrics: ShardMetrics;
  readonly members: Map<string, ShardMember>;
}

const shardsOf = new WeakMap<Manager, ManagerShards>();

/**
 * The manager's member of the ring `options.name`, made (and added to the manager, to run without
 * leader election) on first use; later calls with the same ring name return it. Controllers with
 * `sharding` get theirs this way; call it to watch handovers (`member.onChange`).
 */
export function shardMemberFor(mgr: Manager, options: ShardingOptions): ShardMember {
  let shards = shardsOf.get(mgr);
  if (!shards) {
    shards = { metrics: new ShardMetrics(mgr.metrics.registry), members: new Map() };
    shardsOf.set(mgr, shards);
  }
  let member = shards.members.get(options.name);
  if (!member) {
    member = new ShardMember(mgr.apiClient, options, { clock: mgr.clock, logger: mgr.logger, metrics: shards.metrics });
    shards.members.set(options.name, member);
    mgr.add(member);
  }
  return member;
}

/** What a sharded controller is built with: its gate, and informers whose own kind holds its slice. */
export interface ShardedControllerParts {
  /** Decides which requests this replica may reconcile, and stops those it gives away. */
  readonly gate: ShardGate;
  /** Informers for the controller's watches: its own kind's holds only this replica's slice. */
  readonly informers: InformerProvider;
}

/** Joins controller `name` (reconciling `kind`) to the ring of `options` on `mgr`. */
export function shardController(
  mgr: Manager,
  name: string,
  kind: KindRef,
  options: ShardingOptions,
): ShardedControllerParts {
  const member = shardMemberFor(mgr, options);
  const gate = new ShardGate(name, kind, member.options.field);
  member.addGate(gate);
  const shards = shardsOf.get(mgr) as ManagerShards;
  const stopCounting = shards.metrics.countObjects(member.options.name, gate);
  const own = gvkKey(kind);
  const informers: InformerProvider = async (k, o) => {
    if (gvkKey(k) !== own) return mgr.informerFor(k, o);
    // the cache's namespace when it has exactly one (the informer of a slice spans one namespace or all)
    const namespaces = mgr.options.cache.namespaces;
    return shardedInformer(mgr.apiClient, k, gate, {
      serverSide: member.options.serverSide,
      metadataOnly: o.metadataOnly,
      onRelease: stopCounting,
      ...(namespaces?.length === 1 && { namespace: namespaces[0] as string }),
    });
  };
  return { gate, informers };
}
