import type { KindStrategy } from '../engine/resourceRegistry.js';
import { isJsonObject } from './podSpec.js';

/** The taint TaintNodesByCondition admission puts on every new Node until its kubelet reports Ready. */
const NOT_READY = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

/** The status fields a Node shows before any kubelet reports (zero values). */
const EMPTY_STATUS = {
  daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
  nodeInfo: {
    machineID: '',
    systemUUID: '',
    bootID: '',
    kernelVersion: '',
    osImage: '',
    containerRuntimeVersion: '',
    kubeletVersion: '',
    kubeProxyVersion: '',
    operatingSystem: '',
    architecture: '',
  },
};

/** Nodes: the not-ready taint at creation, and a status of empty values. */
export const nodeStrategy: KindStrategy = {
  prepareForCreate: (obj) => {
    const spec = isJsonObject(obj.spec) ? obj.spec : {};
    const taints = Array.isArray(spec.taints) ? spec.taints : [];
    if (!taints.some((t) => isJsonObject(t) && t.key === NOT_READY.key && t.effect === NOT_READY.effect)) {
      spec.taints = [...taints, { ...NOT_READY }];
    }
    obj.spec = spec;
    obj.status = structuredClone(EMPTY_STATUS);
  },
  statusResets: ['spec'],
};
