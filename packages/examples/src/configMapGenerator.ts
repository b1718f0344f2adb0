/**
 * The example operator: a `ConfigMapGenerator` custom resource (`example.kubekit.dev/v1`) whose
 * controller creates a ConfigMap holding `spec.data`, owns it (edits made to it by hand are
 * reverted; deleting it recreates it), writes a `Ready` condition into status, and cleans up
 * through a finalizer when the generator is deleted. It records an Event for each ConfigMap it
 * creates or updates. With `spec.refreshSeconds` it reconciles again on that period
 * (`Result.requeueAfter`). Its older version `v1alpha1` is converted to and from `v1` by
 * {@link configMapGeneratorConversion}.
 */
import { builtinKinds } from '@kubekit/client';
import {
  type Condition,
  ignoreNotFound,
  isConditionTrue,
  isNotFound,
  type KubeObject,
  type ObjectOf,
  setCondition,
  setControllerReference,
} from '@kubekit/core';
import { type CustomResourceOf, defineConversion, defineCustomResource, k8s } from '@kubekit/crd';
import {
  type Controller,
  controllerFor,
  createOrUpdate,
  handleFinalizer,
  type Manager,
  Result,
} from '@kubekit/manager';
import { z } from 'zod';

const status = z.object({
  observedGeneration: z.number().int().optional(),
  configMapName: z.string().optional(),
  conditions: k8s.conditions().optional(),
});
const refreshSeconds = z.number().int().min(0).default(0).describe('Reconcile again this often (0: only on changes).');

/**
 * The custom resource in both its versions: `v1` (hub and storage version: which data to
 * generate, under which name, how often to refresh) and the older `v1alpha1`, which nested the
 * ConfigMap's name and data under `spec.configMap`. {@link configMapGeneratorConversion} converts
 * between them; served by a conversion webhook (`configMapGeneratorConversionWebhook`), the CRD's
 * `spec.conversion` set to `Webhook`.
 */
export const ConfigMapGeneratorVersions = defineCustomResource({
  group: 'example.kubekit.dev',
  kind: 'ConfigMapGenerator',
  shortNames: ['cmg'],
  versions: {
    v1alpha1: {
      storage: false,
      spec: z.object({
        configMap: z.object({
          name: z.string().min(1).optional().describe('Name of the generated object. Default: <name>-generated.'),
          data: z.record(z.string(), z.string()).default({}),
        }),
        refreshSeconds,
      }),
      status,
      printerColumns: [{ name: 'Generated', type: 'string', jsonPath: '.status.configMapName' }],
    },
    v1: {
      storage: true,
      spec: z.object({
        data: z.record(z.string(), z.string()).default({}),
        configMapName: z
          .string()
          .min(1)
          .optional()
          .describe('Name of the generated object. Default: <name>-generated.'),
        refreshSeconds,
      }),
      status,
      printerColumns: [{ name: 'Generated', type: 'string', jsonPath: '.status.configMapName' }],
    },
  },
});

/** The custom resource at `v1`, the version the controller and the webhooks work with. */
export const ConfigMapGenerator = ConfigMapGeneratorVersions.versions.v1;
export type ConfigMapGenerator = CustomResourceOf<typeof ConfigMapGenerator>;

/** The older version, `example.kubekit.dev/v1alpha1`: name and data under `spec.configMap`. */
export const ConfigMapGeneratorV1alpha1 = ConfigMapGeneratorVersions.versions.v1alpha1;
export type ConfigMapGeneratorV1alpha1 = CustomResourceOf<typeof ConfigMapGeneratorV1alpha1>;

/**
 * `v1alpha1` <-> `v1` (the hub): `spec.configMap.{name,data}` is `spec.{configMapName,data}`;
 * `refreshSeconds` and `status` are the same in both. Every field converts both ways without loss.
 */
export const configMapGeneratorConversion = defineConversion(ConfigMapGeneratorVersions, {
  hub: 'v1',
  spokes: {
    v1alpha1: {
      toHub: (old) => ({
        ...old,
        spec: {
          data: old.spec.configMap.data,
          ...(old.spec.configMap.name !== undefined && { configMapName: old.spec.configMap.name }),
          refreshSeconds: old.spec.refreshSeconds,
        },
      }),
      fromHub: (hub) => ({
        ...hub,
        spec: {
          configMap: {
            ...(hub.spec.configMapName !== undefined && { name: hub.spec.configMapName }),
            data: hub.spec.data,
          },
          refreshSeconds: hub.spec.refreshSeconds,
        },
      }),
    },
  },
});

/** A ConfigMap, as the client types it. */
export type ConfigMap = ObjectOf<typeof builtinKinds.ConfigMap>;

/** The finalizer the controller puts on every generator. */
export const FINALIZER = 'example.kubekit.dev/generated-cleanup';

/** The name of the object generated for `g`. */
export function generatedName(g: ConfigMapGenerator): string {
  return g.spec.configMapName ?? `${g.metadata.name}-generated`;
}

/** Adds the ConfigMapGenerator controller to `mgr`. */
export function configMapGeneratorController(mgr: Manager): Controller {
  const events = mgr.eventRecorder('configmapgenerator-controller');

  return (
    controllerFor(mgr, ConfigMapGenerator)
      .owns(builtinKinds.ConfigMap)
      // `client` is mgr.client (a `KubeClient`): reads from the cache, writes to the API server
      .complete(async ({ namespace, name }, { client, log, signal }) => {
        let gen: ConfigMapGenerator;
        try {
          gen = await client.get(ConfigMapGenerator, name, { namespace, signal });
        } catch (e) {
          if (isNotFound(e)) return Result.done(); // deleted: the finalizer did the cleanup
          throw e;
        }
        const generated = generatedName(gen);

        const outcome = await handleFinalizer(client, gen, FINALIZER, async () => {
          await client.delete(builtinKinds.ConfigMap, generated, { namespace, signal }).catch(ignoreNotFound);
          log.info({ generated }, 'deleted the generated ConfigMap');
        });
        if (outcome === 'finalized' || outcome === 'deleting') return Result.done();

        const desired: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generated, namespace } };
        const { operation } = await createOrUpdate(
          client,
          desired,
          (obj) => {
            obj.data = { ...gen.spec.data };
            obj.metadata ??= {};
            obj.metadata.labels = { ...obj.metadata.labels, 'app.kubernetes.io/managed-by': 'configmapgenerator' };
            setControllerReference(gen as KubeObject, obj);
          },
          { signal },
        );
        if (operation !== 'unchanged') {
          events.event(gen as KubeObject, {
            type: 'Normal',
            reason: operation === 'created' ? 'Created' : 'Updated',
            action: 'Generate',
            note: `${operation} ConfigMap ${generated}`,
          });
        }

        // setCondition moves lastTransitionTime only when the status changes, and says whether
        // anything changed: then the status is written.
        const conditions: Condition[] = structuredClone(gen.status?.conditions ?? []);
        const changed = setCondition(conditions, {
          type: 'Ready',
          status: 'True',
          reason: 'Generated',
          message: `ConfigMap ${generated} holds ${Object.keys(gen.spec.data).length} keys`,
          observedGeneration: gen.metadata.generation,
        });
        const upToDate =
          !changed &&
          gen.status?.observedGeneration === gen.metadata.generation &&
          gen.status?.configMapName === generated;
        if (!upToDate) {
          await client.status().patch(
            ConfigMapGenerator,
            name,
            {
              type: 'merge',
              patch: { status: { observedGeneration: gen.metadata.generation, configMapName: generated, conditions } },
            },
            { namespace, signal },
          );
        }
        log.info(
          {
            generation: gen.metadata.generation,
            configMap: `${generated} ${operation}`,
            status: upToDate ? 'unchanged' : 'Ready=True written',
          },
          'reconciled',
        );
        return gen.spec.refreshSeconds > 0 ? Result.requeueAfter(gen.spec.refreshSeconds * 1000) : Result.done();
      })
  );
}

/** Whether `g` and its generated ConfigMap have converged (status written for the current generation, data equal). */
export function isConverged(g: ConfigMapGenerator, generated: ConfigMap | undefined): boolean {
  return (
    isConditionTrue(g.status?.conditions, 'Ready') &&
    g.status?.observedGeneration === g.metadata.generation &&
    generated !== undefined &&
    JSON.stringify(generated.data ?? {}) === JSON.stringify(g.spec.data)
  );
}
