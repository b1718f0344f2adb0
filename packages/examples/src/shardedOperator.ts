/**
 * A sharded controller (docs/manager.md, "Sharding"): every replica of this operator runs the
 * ConfigMap controller and reconciles only its share of the ConfigMaps; replicas join and leave a
 * ring of shard Leases named `configmap-stamper`. Run several copies against one cluster
 * (`pnpm build && node packages/examples/dist/shardedOperator.js`); each logs the ConfigMaps it stamps.
 */
import { pathToFileURL } from 'node:url';
import { builtinKinds } from '@kubekit/client';
import { controllerFor, Manager, shardMemberFor } from '@kubekit/manager';

/** Builds the operator: the manager and its sharded controller. */
export function shardedOperator(options: { namespace?: string; identity?: string } = {}): Manager {
  const sharding = {
    name: 'configmap-stamper', // the ring: replicas with this name share the work
    ...(options.identity !== undefined && { identity: options.identity }),
    // ask the API server for this replica's slice only (alpha gate ShardedListAndWatch); without
    // the gate the replica filters on the client, with the same hash
    serverSide: true,
  };
  const mgr = new Manager({
    sharding, // every controller of this manager is sharded
    metricsPort: 8080, // kubekit_shard_* metrics
    ...(options.namespace !== undefined && { cache: { namespaces: [options.namespace] } }),
  });
  controllerFor(mgr, builtinKinds.ConfigMap)
    .owns(builtinKinds.Secret) // owned objects follow their owner's shard
    .complete(async (request, { client, log }) => {
      await client.patch(
        builtinKinds.ConfigMap,
        request.name,
        { type: 'merge', patch: { metadata: { annotations: { 'example.com/stamped': 'yes' } } } },
        { namespace: request.namespace },
      );
      log.info('stamped');
    });
  shardMemberFor(mgr, sharding).onChange((change) =>
    mgr.logger.info({ change: change.type, ranges: change.ranges.length, ms: change.ms }, 'shard handover'),
  );
  return mgr;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await shardedOperator().start();
