/**
 * The example operator: a `ConfigMapGenerator` custom resource (`example.kubekit.dev/v1`) whose
 * controller creates a ConfigMap holding `spec.data`, owns it (edits made to it by hand are
 * reverted; deleting it recreates it), writes a `Ready` condition into status, and cleans up
 * through a finalizer when the generator is deleted. With `spec.refreshSeconds` it reconciles
 * again on that period (`Result.requeueAfter`).
 *
 * The real test API server has no ConfigMaps (it serves custom resources only), so the generated
 * object's kind is pluggable: {@link configMapTarget} (the default) or {@link generatedConfigTarget},
 * a `GeneratedConfig` custom resource with `spec.data`.
 */
import { builtinKinds, ignoreNotFound, isNotFound, type KindRef, type KubeObject } from '@kubekit/client';
import { type CustomResourceOf, defineCustomResource } from '@kubekit/crd';
import {
  type Controller,
  controllerFor,
  createOrUpdate,
  handleFinalizer,
  type Manager,
  Result,
  setControllerReference,
} from '@kubekit/manager';
import { z } from 'zod';

const condition = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
  observedGeneration: z.number().int().optional(),
});

/** The custom resource: which data to generate, under which name, and how often to refresh. */
export const ConfigMapGenerator = defineCustomResource({
  group: 'example.kubekit.dev',
  version: 'v1',
  kind: 'ConfigMapGenerator',
  shortNames: ['cmg'],
  spec: z.object({
    data: z.record(z.string(), z.string()).default({}),
    configMapName: z.string().min(1).optional().describe('Name of the generated object. Default: <name>-generated.'),
    refreshSeconds: z.number().int().min(0).default(0).describe('Reconcile again this often (0: only on changes).'),
  }),
  status: z.object({
    observedGeneration: z.number().int().optional(),
    configMapName: z.string().optional(),
    conditions: z.array(condition).optional(),
  }),
  printerColumns: [{ name: 'Generated', type: 'string', jsonPath: '.status.configMapName' }],
});
export type ConfigMapGenerator = CustomResourceOf<typeof ConfigMapGenerator>;

/** A stand-in for ConfigMaps on servers without them: a custom resource whose `spec.data` holds the data. */
export const GeneratedConfig = defineCustomResource({
  group: 'example.kubekit.dev',
  version: 'v1',
  kind: 'GeneratedConfig',
  spec: z.object({ data: z.record(z.string(), z.string()).default({}) }),
});

/** The kind of object the controller generates, and where its data lives. */
export interface GeneratedTarget {
  readonly kind: KindRef & { apiVersion: string; kind: string };
  getData(obj: KubeObject): Record<string, string> | undefined;
  setData(obj: KubeObject, data: Record<string, string>): void;
}

/** Generate ConfigMaps (`data`). */
export const configMapTarget: GeneratedTarget = {
  kind: builtinKinds.ConfigMap,
  getData: (o) => (o as { data?: Record<string, string> }).data,
  setData: (o, data) => {
    (o as { data?: Record<string, string> }).data = { ...data };
  },
};

/** Generate `GeneratedConfig` custom resources (`spec.data`). */
export const generatedConfigTarget: GeneratedTarget = {
  kind: GeneratedConfig,
  getData: (o) => (o as { spec?: { data?: Record<string, string> } }).spec?.data,
  setData: (o, data) => {
    (o as { spec?: { data: Record<string, string> } }).spec = { data: { ...data } };
  },
};

/** The finalizer the controller puts on every generator. */
export const FINALIZER = 'example.kubekit.dev/generated-cleanup';

/** The name of the object generated for `g`. */
export function generatedName(g: ConfigMapGenerator): string {
  return g.spec.configMapName ?? `${g.metadata.name}-generated`;
}

/** Options of {@link configMapGeneratorController}. */
export interface GeneratorControllerOptions {
  /** What to generate. @default configMapTarget */
  target?: GeneratedTarget;
  /** Record Events (needs the `events.k8s.io` API). @default true */
  events?: boolean;
}

/** Adds the ConfigMapGenerator controller to `mgr`. */
export function configMapGeneratorController(mgr: Manager, options: GeneratorControllerOptions = {}): Controller {
  const target = options.target ?? configMapTarget;
  const events = options.events === false ? undefined : mgr.eventRecorder('configmapgenerator-controller');
  const client = mgr.client;

  return controllerFor(mgr, ConfigMapGenerator)
    .owns(target.kind)
    .complete(async ({ namespace, name }, { log, signal }) => {
      let gen: ConfigMapGenerator;
      try {
        gen = await client.get(ConfigMapGenerator, name, { namespace, signal });
      } catch (e) {
        if (isNotFound(e)) return Result.done(); // deleted: the finalizer did the cleanup
        throw e;
      }
      const generated = generatedName(gen);

      const outcome = await handleFinalizer(client, gen, FINALIZER, async () => {
        await client.delete(target.kind, generated, { namespace, signal }).catch(ignoreNotFound);
        log.info({ generated }, 'deleted the generated object');
      });
      if (outcome === 'finalized' || outcome === 'deleting') return Result.done();

      const desired: KubeObject = {
        apiVersion: target.kind.apiVersion,
        kind: target.kind.kind,
        metadata: { name: generated, namespace },
      };
      const { operation } = await createOrUpdate(
        client,
        desired,
        (obj) => {
          target.setData(obj, gen.spec.data);
          obj.metadata ??= {};
          obj.metadata.labels = { ...obj.metadata.labels, 'app.kubernetes.io/managed-by': 'configmapgenerator' };
          setControllerReference(gen as KubeObject, obj);
        },
        { signal },
      );
      if (operation !== 'unchanged') {
        events?.event(
          gen as KubeObject,
          'Normal',
          operation === 'created' ? 'Created' : 'Updated',
          'Generate',
          `${operation} ${target.kind.kind} ${generated}`,
        );
      }

      const ready = gen.status?.conditions?.find((c) => c.type === 'Ready');
      const upToDate =
        gen.status?.observedGeneration === gen.metadata.generation &&
        gen.status?.configMapName === generated &&
        ready?.status === 'True';
      if (!upToDate) {
        await client.status().patch(
          ConfigMapGenerator,
          name,
          {
            type: 'merge',
            patch: {
              status: {
                observedGeneration: gen.metadata.generation,
                configMapName: generated,
                conditions: [
                  {
                    type: 'Ready',
                    status: 'True',
                    reason: 'Generated',
                    message: `${target.kind.kind} ${generated} holds ${Object.keys(gen.spec.data).length} keys`,
                    lastTransitionTime: ready?.status === 'True' ? ready.lastTransitionTime : new Date().toISOString(),
                    observedGeneration: gen.metadata.generation,
                  },
                ],
              },
            },
          },
          { namespace, signal },
        );
      }
      log.info(
        {
          generation: gen.metadata.generation,
          [target.kind.kind]: `${generated} ${operation}`,
          status: upToDate ? 'unchanged' : 'Ready=True written',
        },
        'reconciled',
      );
      return gen.spec.refreshSeconds > 0 ? Result.requeueAfter(gen.spec.refreshSeconds * 1000) : Result.done();
    });
}

/** Whether `g` and its generated object have converged (status written for the current generation, data equal). */
export function isConverged(
  g: ConfigMapGenerator,
  generated: KubeObject | undefined,
  target: GeneratedTarget = configMapTarget,
): boolean {
  const ready = g.status?.conditions?.find((c) => c.type === 'Ready');
  return (
    ready?.status === 'True' &&
    g.status?.observedGeneration === g.metadata.generation &&
    generated !== undefined &&
    JSON.stringify(target.getData(generated) ?? {}) === JSON.stringify(g.spec.data)
  );
}
