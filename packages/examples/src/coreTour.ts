/**
 * The tour of docs/core.md: the Kubernetes vocabulary of `@kubekit/core`, with no server at all.
 * Run with `pnpm build && node packages/examples/dist/coreTour.js`.
 */
import { pathToFileURL } from 'node:url';
import {
  Backoff,
  type Clock,
  defineKind,
  findReason,
  formatApiVersion,
  type KubeObject,
  keyOf,
  parseApiVersion,
  parseKey,
  parseLabelSelector,
  parseManifests,
  setControllerReference,
} from '@kubekit/core';

/** A clock that only moves when told: backoff and token buckets take one, so tests need no sleeps. */
const fixedClock: Clock = { now: () => 0, sleep: async () => undefined };

/** Walks through kinds, keys, selectors, owner references, manifests and backoff; `log` gets one line per step. */
export function coreTour(log: (line: string) => void): void {
  // Kinds and GVKs: one descriptor, one decode/encode contract.
  const Deployment = defineKind<KubeObject>({ apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' });
  const gv = parseApiVersion(Deployment.apiVersion);
  log(`kind ${Deployment.kind}: group ${gv.group}, version ${gv.version}, back to ${formatApiVersion(gv)}`);

  // Keys: namespace/name, or name for a cluster-scoped object.
  log(`key ${keyOf('web', 'shop')} -> ${JSON.stringify(parseKey('shop/web'))}`);

  // Selectors: parsed and matched as kube-apiserver does; what it refuses throws its BadRequest.
  const selector = parseLabelSelector('tier in (web,),replicas>2');
  log(`selector matches: ${selector.matches({ tier: 'web', replicas: '3' })}, ${selector.matches({ tier: 'db' })}`);
  try {
    parseLabelSelector('app>one');
  } catch (e) {
    const bad = findReason(e, 'BadRequest');
    if (bad) log(`refused: ${bad.status.message}`);
  }

  // Owner references: owner first, as the sentence goes.
  const [owner, child, other] = parseManifests(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, uid: d-1 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop, uid: d-2 }
`) as [KubeObject, KubeObject, KubeObject];
  setControllerReference(owner, child);
  log(`owned by ${child.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name}`).join(', ')}`);
  try {
    setControllerReference(other, child);
  } catch (e) {
    const owned = findReason(e, 'AlreadyOwned');
    if (owned) log(`second controller refused: ${owned.reason}`);
  }

  // Backoff on an injected clock.
  const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0, clock: fixedClock });
  log(`backoff ${[1, 2, 3, 4, 5].map(() => backoff.next()).join(' ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) coreTour((line) => console.log(line));
