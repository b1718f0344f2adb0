/**
 * Leader election between two replicas that are separate OS processes, on a real Lease of the
 * run's kube-apiserver: one leads and the Lease names it; a leader shut down by SIGTERM releases
 * the Lease and the other takes over at its next retry; a leader killed outright is replaced only
 * once the lease duration has passed since its last renewal. Every version of the Lease is
 * watched, so the assertions read the times the replicas wrote into it.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import type { TestNamespace } from '@kubekit/testing';
import { JsonLinesProcess } from '../support/jsonLinesProcess.js';
import { describeReal, realServer } from '../support/realServer.js';

const REPLICA = fileURLToPath(new URL('../support/leaderReplica.ts', import.meta.url));
const LEASE_DURATION_MS = 4000;
const RENEW_DEADLINE_MS = 3000;
const RETRY_PERIOD_MS = 500;

/** A line a replica printed. */
interface Step {
  step: 'campaigning' | 'leading' | 'stopped-leading' | 'exited' | 'failed';
  identity: string;
  at: number;
  error?: string;
}

/** One replica process; see test/support/leaderReplica.ts. */
class Replica extends JsonLinesProcess<Step> {
  constructor(
    readonly identity: string,
    lease: { name: string; namespace: string },
  ) {
    const options = {
      ...lease,
      identity,
      leaseDurationMs: LEASE_DURATION_MS,
      renewDeadlineMs: RENEW_DEADLINE_MS,
      retryPeriodMs: RETRY_PERIOD_MS,
    };
    super(REPLICA, options, { KUBECONFIG: realServer().kubeconfigPath });
  }

  /** What it printed, in order. */
  get steps(): Step[] {
    return this.lines;
  }

  /** The first `step` this replica printed, once it has. */
  async step(step: Step['step']): Promise<Step> {
    await until(`${this.identity} printed ${step}`, () => {
      if (!this.running && !this.steps.some((s) => s.step === step)) {
        throw new Error(`${this.identity} exited before ${step}; stderr:\n${this.stderr}`);
      }
      return this.steps.some((s) => s.step === step);
    });
    return this.steps.find((s) => s.step === step) as Step;
  }

  has(step: Step['step']): boolean {
    return this.steps.some((s) => s.step === step);
  }
}

/** Polls `check` every 25 ms (children and the server run meanwhile) until it holds. */
async function until(what: string, check: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The Lease fields the election writes, as stored (times are MicroTime strings). */
interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

const ms = (time: string | undefined): number => Date.parse(time ?? '');

let client: Client;
let ns: TestNamespace;
const replicas: Replica[] = [];
const watches: AbortController[] = [];

beforeAll(async () => {
  client = new Client({ kubeConfig: realServer().kubeConfig() });
  ns = await realServer().namespace('leader-processes');
});

afterEach(async () => {
  for (const w of watches.splice(0)) w.abort();
  const all = replicas.splice(0);
  for (const r of all) r.kill('SIGKILL');
  await Promise.all(all.map((r) => r.exited));
});

afterAll(async () => {
  await ns?.cleanup();
  client?.close();
});

/** Two replicas campaigning for a new Lease, and every version of that Lease as it is written. */
function election(): { a: Replica; b: Replica; versions: LeaseRecord[]; name: string } {
  const name = `op-${randomBytes(3).toString('hex')}`;
  const versions: LeaseRecord[] = [];
  const stop = new AbortController();
  watches.push(stop);
  void (async () => {
    for await (const e of client.watch(builtinKinds.Lease, {
      namespace: ns.name,
      fieldSelector: `metadata.name=${name}`,
      signal: stop.signal,
    })) {
      if (e.type === 'ADDED' || e.type === 'MODIFIED') versions.push(e.object.spec as LeaseRecord);
    }
  })().catch(() => undefined);
  const lease = { name, namespace: ns.name };
  const a = new Replica('replica-a', lease);
  const b = new Replica('replica-b', lease);
  replicas.push(a, b);
  return { a, b, versions, name };
}

/** Waits until one replica leads and has kept the Lease for longer than a lease duration while the other campaigned. */
async function oneLeader(a: Replica, b: Replica, versions: LeaseRecord[], name: string) {
  await until('a replica leads', () => a.has('leading') || b.has('leading'));
  const [leader, follower] = a.has('leading') ? [a, b] : [b, a];
  const campaigning = (await follower.step('campaigning')).at;
  // the follower tried every retry period; the leader renewed the whole time
  await until('the leader renewed for a lease duration', () =>
    versions.some((v) => v.holderIdentity === leader.identity && ms(v.renewTime) > campaigning + LEASE_DURATION_MS),
  );
  expect(follower.has('leading')).toBe(false);
  expect(versions.every((v) => v.holderIdentity === leader.identity)).toBe(true);
  const lease = await client.get(builtinKinds.Lease, name, { namespace: ns.name });
  expect(lease.spec?.holderIdentity).toBe(leader.identity);
  expect(lease.spec?.leaseDurationSeconds).toBe(LEASE_DURATION_MS / 1000);
  return { leader, follower };
}

describeReal('leader election between two processes on kube-apiserver', () => {
  it('one leads; on SIGTERM it releases the Lease and the other takes over at its next retry', async () => {
    const { a, b, versions, name } = election();
    const { leader, follower } = await oneLeader(a, b, versions, name);

    leader.kill('SIGTERM');
    expect(await leader.exited).toEqual({ code: 0, signal: null });
    expect(leader.steps.map((s) => s.step)).toEqual(['campaigning', 'leading', 'stopped-leading', 'exited']);
    const taken = await follower.step('leading');
    await until('the Lease names the new leader', () => versions.some((v) => v.holderIdentity === follower.identity));

    const released = versions.findIndex((v) => !v.holderIdentity);
    const takeover = versions.findIndex((v) => v.holderIdentity === follower.identity);
    expect(released).toBeGreaterThan(0);
    expect(takeover).toBe(released + 1);
    const lastRenewal = versions[released - 1] as LeaseRecord;
    const acquired = versions[takeover] as LeaseRecord;
    // the old leader's runnable stopped before the new leader's started
    expect(taken.at).toBeGreaterThanOrEqual((leader.steps[2] as Step).at);
    // taken at once, not after the old lease ran out
    expect(ms(acquired.acquireTime)).toBeLessThan(ms(lastRenewal.renewTime) + LEASE_DURATION_MS);
    expect(acquired.leaseTransitions).toBe((lastRenewal.leaseTransitions ?? 0) + 1);
  });

  it('a leader killed outright is replaced only after the lease duration since its last renewal', async () => {
    const { a, b, versions, name } = election();
    const { leader, follower } = await oneLeader(a, b, versions, name);

    leader.kill('SIGKILL');
    expect(await leader.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const taken = await follower.step('leading');
    await until('the Lease names the new leader', () => versions.some((v) => v.holderIdentity === follower.identity));

    const takeover = versions.findIndex((v) => v.holderIdentity === follower.identity);
    const lastRenewal = versions[takeover - 1] as LeaseRecord;
    const acquired = versions[takeover] as LeaseRecord;
    expect(lastRenewal.holderIdentity).toBe(leader.identity);
    const expiry = ms(lastRenewal.renewTime) + LEASE_DURATION_MS;
    // never while the old lease was valid...
    expect(ms(acquired.acquireTime)).toBeGreaterThanOrEqual(expiry);
    expect(taken.at).toBeGreaterThanOrEqual(expiry);
    // ...and soon after it ran out (the follower retries every RETRY_PERIOD_MS)
    expect(ms(acquired.acquireTime)).toBeLessThan(expiry + LEASE_DURATION_MS);
    expect(acquired.leaseTransitions).toBe((lastRenewal.leaseTransitions ?? 0) + 1);
  });
});
