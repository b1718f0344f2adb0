import type { KindStrategy } from '../engine/resourceRegistry.js';
import { isJsonObject } from './podSpec.js';

/** Endpoints, EndpointSlices, Ingresses and NetworkPolicies: their defaults. */

const objects = (v: unknown) => (Array.isArray(v) ? v.filter(isJsonObject) : []);

/** Endpoints: port protocol TCP. */
export const endpointsStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    for (const subset of objects(obj.subsets)) for (const p of objects(subset.ports)) p.protocol ??= 'TCP';
  },
};

/** EndpointSlices: endpoint conditions (empty), port protocol TCP. */
export const endpointSliceStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    for (const e of objects(obj.endpoints)) e.conditions ??= {};
    for (const p of objects(obj.ports)) p.protocol ??= 'TCP';
  },
};

/** Ingresses: an empty load balancer status. */
export const ingressStrategy: KindStrategy = {
  prepareForCreate: (obj) => {
    obj.status = { loadBalancer: {} };
  },
  statusResets: ['spec'],
};

/** NetworkPolicies: policyTypes Ingress (and Egress when there are egress rules). */
export const networkPolicyStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    if (!isJsonObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Record<string, unknown>;
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
      spec.policyTypes = objects(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
    }
  },
};
