/**
 * Sharded controllers, active-active: three replicas as OS processes (test/support/shardReplica.ts)
 * share the ConfigMaps of a namespace on the real kube-apiserver, once with the alpha feature gate
 * `ShardedListAndWatch` off (the run's shared server: replicas filter on the client) and once on (a
 * server of this file's own: the server sends each replica its slice only). Every reconcile is
 * recorded with the replica and its start and end; the record must show that no object was ever
 * reconciled by two replicas at once, through a SIGKILL of one replica and the start of a new one.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { type KubeObject, SHARD_HASH_SPACE, shardHashOf, shardRangesContain, shardSelectorString } from '@kubekit/core';
import type { ShardingOptions } from '@kubekit/manager';
import { TestEnvironment } from '@kubekit/testing';
import { JsonLinesProcess } from '../support/jsonLinesProcess.js';
import { describeReal, realServer } from '../support/realServer.js';
import type { ReplicaOptions } from '../support/shardReplica.js';

const REPLICA = fileURLToPath(new URL('../support/shardReplica.ts', import.meta.url));
// the issue asks for 3,000 (KUBEKIT_SHARD_TEST_OBJECTS=3000); 1,000 keeps the file near 3 min on 2 shared cores
const OBJECTS = Number(process.env.KUBEKIT_SHARD_TEST_OBJECTS ?? 1000);
const LEASE_DURATION_MS = 4000;
const SHARDING: Omit<ShardingOptions, 'name' | 'identity' | 'namespace'> = {
  leaseDurationMs: LEASE_DURATION_MS,
  renewDeadlineMs: 3000,
  renewPeriodMs: 500,
};

interface Line {
  type: 'begin' | 'reconcile' | 'handover' | 'stats' | 'exited' | 'failed';
  id: string;
  key?: string;
  start?: number;
  end?: number;
  outcome?: string;
  received?: number;
  outside?: number;
  owned?: number;
  share?: number;
  members?: number;
  change?: string;
  ms?: number;
  at?: number;
  error?: string;
}

/** One replica process; see test/support/shardReplica.ts. */
class Replica extends JsonLinesProcess<Line> {
  killedAt: number | undefined;

  constructor(
    readonly id: string,
    kubeconfigPath: string,
    options: ReplicaOptions,
  ) {
    super(REPLICA, options, { KUBECONFIG: kubeconfigPath });
  }

  get lastStats(): Line | undefined {
    return this.lines.findLast((l) => l.type === 'stats');
  }

  override kill(signal: NodeJS.Signals): void {
    if (this.running && signal === 'SIGKILL') this.killedAt = Date.now();
    super.kill(signal);
  }
}

async function until(what: () => string, check: () => boolean | Promise<boolean>, deadlineMs = 240_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Pairs of reconciles of one object by two replicas whose times overlap (a killed replica's open reconcile ends at its kill). */
function overlaps(replicas: readonly Replica[]): string[] {
  const byKey = new Map<string, { id: string; start: number; end: number }[]>();
  for (const r of replicas) {
    const open = new Map<string, number>();
    const add = (key: string, start: number, end: number) => {
      const list = byKey.get(key) ?? [];
      list.push({ id: r.id, start, end });
      byKey.set(key, list);
    };
    for (const l of r.lines) {
      if (l.type === 'begin') open.set(l.key as string, l.start as number);
      if (l.type !== 'reconcile') continue;
      open.delete(l.key as string);
      add(l.key as string, l.start as number, l.end as number);
    }
    // a reconcile a SIGKILL cut short ends at the kill
    for (const [key, start] of open) add(key, start, r.killedAt ?? Number.POSITIVE_INFINITY);
  }
  const found: string[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as { id: string; end: number };
      const b = list[i] as { id: string; start: number };
      if (a.id !== b.id && b.start < a.end) found.push(`${key}: ${a.id} until ${a.end}, ${b.id} from ${b.start}`);
    }
  }
  return found;
}

describeReal.each([
  ['off', false],
  ['on', true],
])('sharded controller on 3 replica processes, feature gate %s', (_gate, gateOn) => {
  let env: TestEnvironment | undefined;
  let kubeconfigPath: string;
  let client: Client;
  let namespace: string;
  const replicas: Replica[] = [];
  const ring = `ring-${randomBytes(3).toString('hex')}`;

  const startReplica = (id: string) => {
    const r = new Replica(id, kubeconfigPath, {
      sharding: { ...SHARDING, name: ring, identity: id, namespace },
      namespace,
      workMs: 20,
    });
    replicas.push(r);
    return r;
  };
  const reconciledBy = (r: Replica, after = 0) =>
    new Set(
      r.lines
        .filter((l) => l.type === 'reconcile' && l.outcome === 'success' && (l.start as number) >= after)
        .map((l) => l.key),
    );
  const unconverged = async () => {
    const list = await client.list(builtinKinds.ConfigMap, { namespace });
    return list.items.filter(
      (c: KubeObject) =>
        c.metadata?.annotations?.['shard-test/reconciled'] !== 'yes' && c.metadata?.name !== 'kube-root-ca.crt',
    ).length;
  };

  beforeAll(async () => {
    if (gateOn) {
      env = await TestEnvironment.start({ serverArgs: ['--feature-gates=ShardedListAndWatch=true'] });
      kubeconfigPath = env.kubeconfigPath;
      client = new Client({ kubeConfig: env.kubeConfig, qps: 1000, burst: 2000 });
    } else {
      kubeconfigPath = realServer().kubeconfigPath;
      client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 1000, burst: 2000 });
    }
    namespace = `shard-${randomBytes(3).toString('hex')}`;
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const names = Array.from({ length: OBJECTS }, (_, i) => `cm-${i}`);
    for (let i = 0; i < names.length; i += 100) {
      await Promise.all(
        names
          .slice(i, i + 100)
          .map((name) =>
            client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { n: name } }),
          ),
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const r of replicas) r.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.exited));
    await client?.delete(builtinKinds.Namespace, namespace).catch(() => undefined);
    client?.close();
    await env?.stop();
  }, 60_000);

  it('lists a slice with shardSelector: the server echoes the exact selector when the gate is on, and nothing when off', async () => {
    const ranges = [{ start: 0n, end: SHARD_HASH_SPACE / 4n }];
    const selector = shardSelectorString('uid', ranges);
    const list = await client.list(builtinKinds.ConfigMap, { namespace, shardSelector: selector });
    const inSlice = (o: KubeObject) => shardRangesContain(ranges, shardHashOf(o, 'uid'));
    if (gateOn) {
      expect(list.metadata.shardInfo?.selector).toBe(selector);
      expect(list.items.every(inSlice)).toBe(true);
      expect(list.items.length).toBeGreaterThan(0);
    } else {
      expect(list.metadata.shardInfo).toBeUndefined();
      expect(list.items.filter(inSlice).length).toBeLessThan(list.items.length);
    }
  });

  it('splits the objects over 3 replicas, survives a SIGKILL and a new replica, and never reconciles an object twice at once', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((id) => startReplica(`${ring}-${id}`)) as [Replica, Replica, Replica];
    let left = OBJECTS;
    await until(
      () =>
        `every object converged with 3 replicas (left: ${left}; ${[a, b, c].map((r) => JSON.stringify(r.lastStats)).join(' ')})`,
      async () => {
        left = await unconverged();
        return left === 0;
      },
    );
    // each replica reconciled a share, and together all of them
    for (const r of [a, b, c]) expect(reconciledBy(r).size).toBeGreaterThan(OBJECTS / 10);
    const all = new Set([...reconciledBy(a), ...reconciledBy(b), ...reconciledBy(c)]);
    expect(all.size).toBe(OBJECTS);
    await until(
      () => 'three members each',
      () => [a, b, c].every((r) => r.lastStats?.members === 3),
    );

    // change every object once: count what each replica's watch carries
    const before = [a, b, c].map((r) => r.lastStats?.received ?? 0);
    const list = await client.list(builtinKinds.ConfigMap, { namespace });
    const touched = list.items.filter((o: KubeObject) => o.metadata?.name !== 'kube-root-ca.crt');
    for (let i = 0; i < touched.length; i += 100) {
      await Promise.all(
        touched
          .slice(i, i + 100)
          .map((o: KubeObject) =>
            client.patch(
              builtinKinds.ConfigMap,
              o.metadata?.name as string,
              { type: 'merge', patch: { data: { touched: 'yes' } } },
              { namespace },
            ),
          ),
      );
    }
    const carried = () => [a, b, c].map((r, i) => (r.lastStats?.received ?? 0) - (before[i] as number));
    if (gateOn) {
      // the server sent each replica its slice only: together one event per object
      await until(
        () => 'the replicas received the changes',
        () => carried().reduce((x, y) => x + y, 0) >= OBJECTS,
      );
      // and never an object of another replica's slice (nothing was left to filter on the client)
      for (const r of [a, b, c]) expect(r.lastStats?.outside).toBe(0);
    } else {
      // without the gate every replica's watch carried every change (and it kept its share)
      await until(
        () => 'each replica received every change',
        () => carried().every((n) => n >= OBJECTS),
      );
      // most of what each replica received was other replicas' objects, dropped on the client
      for (const r of [a, b, c]) expect(r.lastStats?.outside).toBeGreaterThan(OBJECTS / 2);
    }
    process.stderr.write(
      `[sharding gate ${gateOn ? 'on' : 'off'}] watch events per replica for ${OBJECTS} changes: ${carried().join(', ')}\n`,
    );

    // SIGKILL c: its objects are reconciled by a and b once its Lease has expired
    const ofC = reconciledBy(c);
    c.kill('SIGKILL');
    const killedAt = c.killedAt as number;
    await until(
      () => 'a and b reconciled every object c had',
      () => {
        const taken = new Set([...reconciledBy(a, killedAt), ...reconciledBy(b, killedAt)]);
        return [...ofC].every((k) => taken.has(k));
      },
    );
    const takenAt = [a, b].flatMap((r) =>
      r.lines
        .filter((l) => l.type === 'reconcile' && (l.start as number) >= killedAt && ofC.has(l.key))
        .map((l) => l.start as number),
    );
    process.stderr.write(
      `[sharding gate ${gateOn ? 'on' : 'off'}] c's ${ofC.size} objects: first reconciled by a or b ${Math.min(...takenAt) - killedAt} ms, all by ${Math.max(...takenAt) - killedAt} ms after SIGKILL (lease ${LEASE_DURATION_MS} ms)\n`,
    );

    // a new replica d joins: it gets a share and reconciles it
    const joinedAt = Date.now();
    const d = startReplica(`${ring}-d`);
    await until(
      () => 'd reconciled a share',
      () => reconciledBy(d).size > OBJECTS / 10,
    );
    const dFirst = Math.min(...d.lines.filter((l) => l.type === 'reconcile').map((l) => l.start as number));
    process.stderr.write(
      `[sharding gate ${gateOn ? 'on' : 'off'}] d joined; first reconcile ${dFirst - joinedAt} ms after spawn\n`,
    );
    await until(
      () => 'a and b handed ranges to d',
      () => [a, b].some((r) => r.lines.some((l) => l.type === 'handover' && l.change === 'released')),
    );
    expect(await unconverged()).toBe(0);

    // the record: no object was reconciled by two replicas at once
    expect(overlaps([a, b, c, d])).toEqual([]);
    for (const r of [a, b, d]) expect(r.lines.some((l) => l.type === 'failed')).toBe(false);
  }, 300_000);
});
