/**
 * A custom resource defined with zod (`@kubekit/crd`): run with
 * `pnpm build && node packages/examples/dist/crdBackup.js`.
 *
 * Starts a real API server, installs the Backup CRD generated from the schema below, and shows
 * the server applying its defaults and enforcing its CEL rules with the declared messages.
 */
import { pathToFileURL } from 'node:url';
import { Client, type KubeConfigLike } from '@kubekit/client';
import { findReason } from '@kubekit/core';
import { type CustomResourceOf, crdsToYaml, defineCustomResource, k8s } from '@kubekit/crd';
import { TestEnvironment } from '@kubekit/testing';
import { z } from 'zod';

/** A scheduled backup of a database into a bucket. */
export const Backup = defineCustomResource({
  group: 'example.kubekit.dev',
  version: 'v1',
  kind: 'Backup',
  shortNames: ['bk'],
  spec: z.object({
    database: k8s.validate(z.string().min(1), { rule: 'self == oldSelf', message: 'database is immutable' }),
    schedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/)
      .describe('A cron schedule, e.g. "0 3 * * *".'),
    keep: z.number().int().min(1).max(90).default(7),
    bucket: z.object({ name: z.string(), prefix: z.string().default('backups/') }),
  }),
  status: z.object({ lastRun: z.iso.datetime().optional(), phase: z.enum(['Idle', 'Running', 'Failed']).optional() }),
  printerColumns: [{ name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' }],
  validations: [
    { rule: "!self.spec.bucket.name.startsWith('tmp-')", message: 'temporary buckets cannot hold backups' },
  ],
});

/** A Backup object as the program sees it. */
export type Backup = CustomResourceOf<typeof Backup>;

/**
 * Creates one good and one bad Backup in `namespace` through `@kubekit/client` (which takes the
 * descriptor as a kind, so reads come back typed and validated by the zod schema) and reports what
 * the server did.
 */
export async function demonstrateBackups(
  kc: KubeConfigLike,
  namespace: string,
  log: (line: string) => void,
): Promise<Backup> {
  using client = new Client({ kubeConfig: kc });
  const backups = client.inNamespace(namespace);
  const body = (name: string, bucket: string) => ({
    apiVersion: Backup.apiVersion,
    kind: Backup.kind,
    metadata: { name },
    spec: { database: 'orders', schedule: '0 3 * * *', bucket: { name: bucket } },
  });
  await backups.create(body('nightly', 'prod-backups'));
  const created = await backups.get(Backup, 'nightly');
  log(
    `created ${created.metadata.name}: keep=${created.spec.keep}, prefix=${created.spec.bucket.prefix} (server defaults)`,
  );
  try {
    await backups.create(body('scratch', 'tmp-1'));
  } catch (err) {
    const invalid = findReason(err, 'Invalid');
    if (!invalid) throw err;
    log(`refused scratch: ${invalid.message}`);
  }
  return created;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(crdsToYaml([Backup.crd]));
  const env = await TestEnvironment.start({ crds: [Backup.crd] });
  try {
    await demonstrateBackups(env.kubeConfig, 'demo', console.log);
  } finally {
    await env.stop();
  }
}
