/**
 * Fencing of the leader's term, with replicas as separate OS processes (test/support/haReplica.ts)
 * on the run's kube-apiserver. Each replica's controller writes ConfigMaps all the time and prints
 * every reconcile and write with its identity and wall-clock time; the record of all replicas
 * must show one leader's acts at a time, never interleaved:
 * - a leader paused (SIGSTOP) past its renew deadline and resumed (SIGCONT) neither reconciles nor
 *   writes again, and exits with LeaderElectionLost;
 * - over 20 forced failovers (paused, killed, shut down), no two replicas act in overlapping terms;
 * - a standby is Ready;
 * - a lost Lease aborts every reconcile in flight at once and refuses their writes;
 * - a shutdown past its grace period aborts the reconciles and does not release the Lease; a
 *   graceful one releases it only after the last reconcile ended;
 * - an API server restart longer than the renew deadline (a private TestEnvironment) ends the
 *   leader's term; it stops acting, and the other replica takes over once the server is back.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { TestEnvironment, type TestNamespace } from '@kubekit/testing';
import type { HaReplicaOptions } from '../support/haReplica.js';
import { JsonLinesProcess } from '../support/jsonLinesProcess.js';
import { describeReal, realServer } from '../support/realServer.js';

const REPLICA = fileURLToPath(new URL('../support/haReplica.ts', import.meta.url));
// short, so that 20 failovers take a few minutes, yet not so short that a replica on a loaded
// 2-core machine misses its renew deadline
const LEASE_DURATION_MS = 2500;
const RENEW_DEADLINE_MS = 1700;
const RETRY_PERIOD_MS = 250;
const CONFIGMAPS = 8;

/** A line a replica printed (see test/support/haReplica.ts). */
interface Act {
  ev:
    | 'campaigning'
    | 'ready'
    | 'leading'
    | 'reconcile'
    | 'write'
    | 'written'
    | 'refused'
    | 'aborted'
    | 'exited'
    | 'failed';
  identity: string;
  wall: number;
  mono: number;
  key?: string;
  reason?: string;
  port?: number;
}

/** What a replica did on its own behalf: started a reconcile or sent a write. */
const acting = (a: Act) => a.ev === 'reconcile' || a.ev === 'write';

/** One replica process. */
class Replica extends JsonLinesProcess<Act> {
  constructor(
    readonly identity: string,
    options: Omit<HaReplicaOptions, 'identity'>,
    kubeconfig: string,
  ) {
    super(REPLICA, { ...options, identity }, { KUBECONFIG: kubeconfig });
  }

  /** What it did, in order. */
  get acts(): Act[] {
    return this.lines;
  }

  count(ev: Act['ev']): number {
    return this.acts.filter((a) => a.ev === ev).length;
  }

  /** The first `ev` this replica printed, once it has. */
  async first(ev: Act['ev']): Promise<Act> {
    await this.until(`printed ${ev}`, () => this.count(ev) > 0);
    return this.acts.find((a) => a.ev === ev) as Act;
  }

  /** Waits until `check` holds; fails at once (with its stderr) when the replica exits first. */
  async until(what: string, check: () => boolean): Promise<void> {
    await until(`${this.identity} ${what}`, () => {
      if (check()) return true;
      if (!this.running) throw new Error(`${this.identity} exited before it ${what}:\n${this.stderr}`);
      return false;
    });
  }
}

/** Polls `check` every 20 ms until it holds. */
async function until(what: string, check: () => boolean, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The terms the record shows: the acts of all replicas in wall-clock order, cut where the identity
 * changes. No overlap means each identity forms one run.
 */
function terms(replicas: readonly Replica[]): { identity: string; from: number; to: number }[] {
  const all = replicas.flatMap((r) => r.acts.filter(acting)).sort((x, y) => x.wall - y.wall);
  const out: { identity: string; from: number; to: number }[] = [];
  for (const a of all) {
    const last = out.at(-1);
    if (last?.identity === a.identity) last.to = a.wall;
    else out.push({ identity: a.identity, from: a.wall, to: a.wall });
  }
  return out;
}

let client: Client;
let ns: TestNamespace;
const replicas: Replica[] = [];

beforeAll(async () => {
  client = new Client({ kubeConfig: realServer().kubeConfig() });
  ns = await realServer().namespace('leader-fencing');
  for (let i = 0; i < CONFIGMAPS; i++) {
    await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: ns.name, labels: { app: 'ha' } },
    });
  }
});

afterEach(async () => {
  const all = replicas.splice(0);
  for (const r of all) {
    r.kill('SIGCONT');
    r.kill('SIGKILL');
  }
  await Promise.all(all.map((r) => r.exited));
});

afterAll(async () => {
  await ns?.cleanup();
  client?.close();
});

/** Starts a replica campaigning for `lease` (on the run's server unless `kubeconfig` names another). */
function replica(
  identity: string,
  lease: string,
  options: Partial<HaReplicaOptions> = {},
  kubeconfig = realServer().kubeconfigPath,
): Replica {
  const r = new Replica(
    identity,
    {
      namespace: ns.name,
      lease,
      leaseDurationMs: LEASE_DURATION_MS,
      renewDeadlineMs: RENEW_DEADLINE_MS,
      retryPeriodMs: RETRY_PERIOD_MS,
      requeueMs: 20,
      workMs: 0,
      ...options,
    },
    kubeconfig,
  );
  replicas.push(r);
  return r;
}

const newLease = () => `op-${randomBytes(3).toString('hex')}`;

/** Waits until `r` leads and has written `n` more times. */
async function writes(r: Replica, n = 3): Promise<void> {
  const before = r.count('written');
  await r.first('leading');
  await r.until('wrote', () => r.count('written') >= before + n);
}

describeReal('fencing of the leader between OS processes on kube-apiserver', () => {
  it('a leader paused past its renew deadline does not reconcile or write when resumed, and exits', async () => {
    const lease = newLease();
    // reconciles wait 100 ms before they write: some are in flight when a stops, and their
    // timers are overdue when it resumes
    const a = replica('a', lease, { workMs: 100 });
    await writes(a);
    const b = replica('b', lease);
    await b.first('ready');
    a.kill('SIGSTOP');
    await writes(b);
    const resumed = Date.now();
    a.kill('SIGCONT');
    await a.exited;

    // after resuming, a started nothing: no reconcile, no write sent (those in flight were refused)
    expect(a.acts.filter((x) => acting(x) && x.wall >= resumed)).toEqual([]);
    expect((await a.first('failed')).reason).toBe('LeaderElectionLost');
    // one leader's acts at a time: all of a's, then all of b's
    expect(terms([a, b]).map((t) => t.identity)).toEqual(['a', 'b']);
    const lastOfA = Math.max(...a.acts.filter(acting).map((x) => x.wall));
    const firstOfB = Math.min(...b.acts.filter(acting).map((x) => x.wall));
    expect(firstOfB).toBeGreaterThan(lastOfA);
  });

  it('a standby is Ready while the leader runs the controllers', async () => {
    const lease = newLease();
    const a = replica('a', lease);
    await writes(a, 1);
    const b = replica('b', lease);
    const { port } = await b.first('ready');
    let status = 0;
    for (let i = 0; i < 200 && status !== 200; i++) {
      status = (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    expect(b.count('leading')).toBe(0);
    expect(b.count('reconcile')).toBe(0);
  });

  it('over 20 forced failovers, no two replicas act in overlapping terms', async () => {
    const lease = newLease();
    const ways = ['SIGSTOP', 'SIGKILL', 'SIGTERM'] as const;
    let leader = replica('r0', lease);
    await writes(leader, 1);
    let standby = replica('r1', lease);
    await standby.first('ready');
    for (let i = 0; i < 20; i++) {
      const way = ways[i % ways.length] as (typeof ways)[number];
      leader.kill(way);
      await writes(standby, 1);
      if (way === 'SIGSTOP') leader.kill('SIGCONT');
      await leader.exited;
      const next = replica(`r${i + 2}`, lease);
      [leader, standby] = [standby, next];
      await standby.first('ready');
    }
    const run = terms(replicas);
    const identities = run.map((t) => t.identity);
    expect(identities.length).toBeGreaterThanOrEqual(21);
    expect(new Set(identities).size).toBe(identities.length); // each replica acted in one term only
    for (let i = 1; i < run.length; i++) {
      expect((run[i] as { from: number }).from).toBeGreaterThan((run[i - 1] as { to: number }).to);
    }
  }, 420_000);

  it('a lost Lease aborts every reconcile in flight at once; their writes are refused', async () => {
    const lease = newLease();
    const a = replica('a', lease, { workMs: 30_000 });
    await a.first('leading');
    await a.until('has 4 reconciles in flight', () => a.count('reconcile') >= 4);
    // another holder takes the Lease (as a partitioned leader would see it)
    const held = await client.get(builtinKinds.Lease, lease, { namespace: ns.name });
    await client.update({ ...held, spec: { ...held.spec, holderIdentity: 'intruder', leaseDurationSeconds: 3600 } });
    await a.exited;

    const started = a.acts.filter((x) => x.ev === 'reconcile');
    expect(a.count('aborted')).toBe(started.length);
    expect(a.count('written')).toBe(0);
    expect(a.acts.filter((x) => x.ev === 'refused').map((x) => x.reason)).toEqual(started.map(() => 'NotLeader'));
    const failed = await a.first('failed');
    expect(failed.reason).toBe('LeaderElectionLost');
    // start() did not wait for the 30 s of work
    expect(failed.wall).toBeLessThan((started[0] as Act).wall + 30_000);
  });

  describe('shutdown with reconciles in flight', () => {
    it('past the grace period: signals aborted, the Lease is left to expire, not released', async () => {
      const lease = newLease();
      const a = replica('a', lease, { workMs: 30_000, ignoreSignal: true, gracefulShutdownTimeoutMs: 300 });
      await a.first('leading');
      await a.until('has 4 reconciles in flight', () => a.count('reconcile') >= 4);
      const b = replica('b', lease);
      await b.first('ready');
      a.kill('SIGTERM');
      const failed = await a.first('failed');
      expect(failed.reason).toBe('ShutdownTimeout');
      expect(a.count('aborted')).toBe(a.count('reconcile'));
      const held = await client.get(builtinKinds.Lease, lease, { namespace: ns.name });
      expect(held.spec?.holderIdentity).toBe('a');
      // b leads only once the Lease expired, after a's last renewal
      const led = await b.first('leading');
      expect(led.wall).toBeGreaterThanOrEqual(Date.parse(String(held.spec?.renewTime)) + LEASE_DURATION_MS);
    });

    it('within the grace period: the Lease is released after the last reconcile ended', async () => {
      const lease = newLease();
      const a = replica('a', lease, { workMs: 1500, requeueMs: 60_000 });
      await a.first('leading');
      await a.until('has 4 reconciles in flight', () => a.count('reconcile') >= 4);
      const b = replica('b', lease);
      await b.first('ready');
      a.kill('SIGTERM');
      await a.exited;
      expect(a.acts.at(-1)?.ev).toBe('exited');
      expect(a.count('aborted')).toBe(0);
      expect(a.count('written')).toBe(a.count('reconcile'));
      const led = await b.first('leading');
      const lastWrite = Math.max(...a.acts.filter((x) => x.ev === 'written').map((x) => x.wall));
      expect(led.wall).toBeGreaterThan(lastWrite);
      // released: b did not wait for the Lease to expire
      const held = await client.get(builtinKinds.Lease, lease, { namespace: ns.name });
      expect(held.spec?.holderIdentity).toBe('b');
      expect(held.spec?.leaseTransitions).toBe(1);
    });
  });

  it('an API server restart longer than the renew deadline ends the term; the other takes over after it', async () => {
    await using env = await TestEnvironment.start();
    const admin = new Client({ kubeConfig: env.kubeConfig });
    try {
      await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name } });
      for (let i = 0; i < 4; i++) {
        await admin.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${i}`, namespace: ns.name, labels: { app: 'ha' } },
        });
      }
    } finally {
      admin.close();
    }
    const lease = newLease();
    const a = replica('a', lease, {}, env.kubeconfigPath);
    await writes(a);
    // b's own deadline is longer than the outage: a freshly restarted server on a loaded machine
    // may answer slowly for seconds, and b must keep the term it wins then
    const b = replica('b', lease, { leaseDurationMs: 9000, renewDeadlineMs: 6000 }, env.kubeconfigPath);
    await b.first('ready');
    const down = Date.now();
    await env.restart();
    const up = Date.now();
    expect(up - down).toBeGreaterThan(RENEW_DEADLINE_MS);
    await writes(b);
    await a.exited;
    expect((await a.first('failed')).reason).toBe('LeaderElectionLost');
    // a started nothing once the server was back; the record shows a's term, then b's
    expect(a.acts.filter((x) => acting(x) && x.wall >= up)).toEqual([]);
    expect(terms([a, b]).map((t) => t.identity)).toEqual(['a', 'b']);
  }, 180_000);
});
