import type { StatusCause } from '../engine/apiError.js';
import { required } from '../engine/fieldErrors.js';
import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';
import { isJsonObject } from './podSpec.js';

/**
 * Services (names are DNS labels): the defaults of the real server (type ClusterIP, sessionAffinity None, port protocol
 * and targetPort, traffic policies, single-stack IPv4) and the allocation of a cluster IP (from
 * 10.96.0.0/12, in order) and node ports (30000-32767) at creation.
 */

type Obj = Record<string, unknown>;

function specOf(obj: FakeObject): Obj {
  if (!isJsonObject(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

function defaultService(obj: FakeObject): void {
  const spec = specOf(obj);
  spec.sessionAffinity ??= 'None';
  spec.type ??= 'ClusterIP';
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isJsonObject(p)) continue;
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) spec.externalTrafficPolicy ??= 'Cluster';
  if (external || spec.type === 'ClusterIP') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

function validateService(obj: FakeObject): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && spec.type !== 'ExternalName' && !headless) return [required('spec.ports')];
  return [];
}

/** A Service strategy with its own address and node-port allocators (one per storage). */
export function serviceStrategy(): KindStrategy {
  let nextIp = 1;
  let nextNodePort = 30000;
  const allocateIp = () => {
    const n = nextIp++;
    return `10.${96 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
  };
  return {
    nameRule: 'label',
    applyDefaults: defaultService,
    prepareForCreate: (obj) => {
      const spec = specOf(obj);
      if (spec.type !== 'ExternalName') {
        if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = allocateIp();
        spec.clusterIPs ??= [spec.clusterIP];
        if (spec.clusterIP !== 'None' || spec.selector !== undefined) {
          spec.ipFamilies ??= ['IPv4'];
          spec.ipFamilyPolicy ??= 'SingleStack';
        }
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
        for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
          if (isJsonObject(p) && p.nodePort === undefined) p.nodePort = nextNodePort++;
        }
      }
      obj.status = { loadBalancer: {} };
    },
    validate: validateService,
    statusResets: ['spec'],
    returnsDeletedObject: true,
  };
}
