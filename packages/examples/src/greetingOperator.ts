/**
 * The example operator: a `Greeting` custom resource (`example.kubekit.dev/v1`) whose controller
 * writes the greeting it asks for into `status.message` and records the generation it saw.
 *
 * It is written with `@kubernetes/client-node` directly, without kubekit, for comparison: the
 * example operator on the kubekit manager is `configMapGenerator.ts` (what `pnpm start` runs).
 */
import type { CustomResourceDefinition } from '@kubekit/core';
import { ApiException, CustomObjectsApi, type KubeConfig, type KubernetesObject, Watch } from '@kubernetes/client-node';

const GROUP = 'example.kubekit.dev';
const VERSION = 'v1';
const PLURAL = 'greetings';

/** A Greeting: who to greet and how. */
export interface Greeting extends KubernetesObject {
  spec: { name: string; excited?: boolean };
  status?: { message?: string; observedGeneration?: number };
}

/** The CRD of {@link Greeting}, with a status subresource and a CEL rule on the spec. */
export const greetingCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${PLURAL}.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: PLURAL, singular: 'greeting', kind: 'Greeting', listKind: 'GreetingList' },
    versions: [
      {
        name: VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string', minLength: 1 }, excited: { type: 'boolean' } },
                'x-kubernetes-validations': [{ rule: "self.name != 'nobody'", message: 'greet somebody' }],
              },
              status: {
                type: 'object',
                properties: { message: { type: 'string' }, observedGeneration: { type: 'integer' } },
              },
            },
          },
        },
      },
    ],
  },
};

/** What `status.message` should say for a Greeting. */
export function greetingFor(g: Greeting): string {
  return `Hello, ${g.spec.name}${g.spec.excited ? '!' : '.'}`;
}

/** Options of {@link runGreetingOperator}. */
export interface GreetingOperatorOptions {
  /** Stops the operator. */
  signal: AbortSignal;
  /** Where reconcile lines go. @default console.log */
  log?: (line: string) => void;
}

/**
 * Watches every Greeting and reconciles each event: when the status does not match the spec, it
 * writes the status (a Conflict means a newer version is on its way and is skipped). Resolves when
 * the signal aborts; rejects if the watch fails.
 */
export async function runGreetingOperator(kc: KubeConfig, options: GreetingOperatorOptions): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const api = kc.makeApiClient(CustomObjectsApi);
  const reconcile = async (g: Greeting): Promise<void> => {
    const { namespace = '', name = '', generation } = g.metadata ?? {};
    const message = greetingFor(g);
    if (g.status?.message === message && g.status.observedGeneration === generation) return;
    try {
      await api.replaceNamespacedCustomObjectStatus({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: PLURAL,
        name,
        body: { ...g, status: { message, observedGeneration: generation } },
      });
      log(`reconciled ${namespace}/${name}: "${message}" (generation ${generation})`);
    } catch (err) {
      if (err instanceof ApiException && (err.code === 409 || err.code === 404)) return;
      log(`reconcile ${namespace}/${name} failed: ${String(err)}`);
    }
  };
  let queue = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    const watching = new Watch(kc).watch(
      `/apis/${GROUP}/${VERSION}/${PLURAL}`,
      {},
      (type, obj: Greeting) => {
        if (type === 'ADDED' || type === 'MODIFIED') queue = queue.then(() => reconcile(obj));
      },
      (err) => (options.signal.aborted || !err ? resolve() : reject(err)),
    );
    options.signal.addEventListener('abort', () => void watching.then((c) => c.abort()), { once: true });
  });
  await queue;
}
