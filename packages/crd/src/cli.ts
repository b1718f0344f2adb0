#!/usr/bin/env node
/**
 * `kubekit`: the command-line face of `@kubekit/crd`.
 *
 * - `kubekit crd generate <modules...>` imports modules and writes the CRDs of their exported
 *   `defineCustomResource` results as YAML.
 * - `kubekit crd import [file]` reads CRDs (a file, stdin, or the cluster: through a `Client` of
 *   `@kubekit/client`, with the kubeconfig `readKubeConfig` reads) and writes TypeScript with zod schemas.
 * - `kubekit webhook generate <modules...>` imports modules and writes the webhook configurations
 *   of their exported `defineWebhooks` results as YAML. It calls them through core's
 *   `WEBHOOK_CONFIGURATIONS` key, so this package does not depend on `@kubekit/manager`.
 *
 * Usage errors (bad or missing options and arguments) exit 2, other failures 1, both with a
 * message on stderr.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  formatManifests,
  isInvalidInput,
  isWebhookConfigurationsSource,
  type KubeObject,
  WEBHOOK_CONFIGURATIONS,
  type WebhookTarget,
} from '@kubekit/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { collectCrds, crdsToYaml, parseCrds } from './crdManifests.js';
import { crdToTypeScript } from './crdToTypeScript.js';
import { isCrdError } from './errors.js';
import { withWebhookConversion } from './webhookConversion.js';

const program = new Command('kubekit')
  .description('kubekit: controller-runtime for TypeScript')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: true })
  .exitOverride(); // commander's errors are thrown, and exit 2 below

const crd = program.command('crd').description('custom resource definitions from zod schemas, and back');

crd
  .command('generate')
  .description('write the CRDs defined in modules (their exported defineCustomResource results) as YAML')
  .argument('<modules...>', 'JavaScript or TypeScript modules to import (TypeScript needs Node 22.18+)')
  .option('-o, --out <file>', 'write to this file instead of stdout')
  .option(
    '--conversion-service <ns/name[:port]>',
    'CRDs with several versions get conversion strategy Webhook, served by this Service',
    serviceRef,
  )
  .option('--conversion-url <url>', 'the same, served at this base URL (https://host:port) instead of a Service')
  .option('--conversion-path <path>', 'the conversion webhook path on the webhook server', '/convert')
  .option(
    '--ca-bundle <file>',
    'with --conversion-service or --conversion-url: the CA (PEM) that signed its certificate',
  )
  .addHelpText(
    'after',
    '\nExamples:\n  kubekit crd generate src/resources.ts -o config/crd/bases.yaml\n  kubekit crd generate src/resources.ts --conversion-service example-system/example-webhooks',
  )
  .action(async (modules: string[], opts: GenerateOptions) => {
    const given = opts.conversionService !== undefined || opts.conversionUrl !== undefined;
    if (opts.conversionService && opts.conversionUrl)
      usage('give either --conversion-service or --conversion-url, not both');
    if (!given && opts.caBundle !== undefined) usage('--ca-bundle needs --conversion-service or --conversion-url');
    if (!opts.conversionPath.startsWith('/')) usage(`--conversion-path ${opts.conversionPath} does not start with /`);
    const target = given ? await webhookTarget(opts.conversionService, opts.conversionUrl, opts.caBundle) : undefined;
    let crds = [];
    for (const m of modules) {
      const found = collectCrds(await importModule(m));
      if (found.length === 0) fail(`${m} exports no defineCustomResource result`);
      crds.push(...found);
    }
    if (target) crds = crds.map((c) => withWebhookConversion(c, { ...target, path: opts.conversionPath }));
    await output(crdsToYaml(crds), opts.out);
  });

interface GenerateOptions {
  out?: string;
  conversionService?: WebhookTarget['service'];
  conversionUrl?: string;
  conversionPath: string;
  caBundle?: string;
}

crd
  .command('import')
  .description('write TypeScript (zod schemas, defineCustomResource, types) for the CRDs in a YAML or JSON file')
  .argument('[file]', 'a file of CRDs (YAML or JSON, several documents or a List); "-" or none reads stdin')
  .option('--from-cluster <name>', 'read the CRD of this name (e.g. certificates.cert-manager.io) from the cluster')
  .option(
    '--kubeconfig <path>',
    'with --from-cluster: the kubeconfig (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)',
  )
  .option('--context <name>', 'with --from-cluster: the kubeconfig context (default: its current-context)')
  .option(
    '-o, --out <path>',
    'a file, or a folder (an existing one, or a path ending in /) for one <plural>.ts per CRD',
  )
  .option('--no-docs', 'leave out descriptions (TSDoc comments and .describe())')
  .addOption(
    new Option('--optional <mode>', 'how fields that are not required are written')
      .choices(['optional', 'nullish'])
      .default('optional'),
  )
  .option('--versions <names>', 'only these versions, comma-separated (default: all)', commaList)
  .option('--import-from <module>', 'where defineCustomResource and k8s come from', '@kubekit/crd')
  .addHelpText(
    'after',
    '\nExamples:\n  kubekit crd import certificates.yaml -o src/certificate.ts\n  kubekit crd import --from-cluster certificates.cert-manager.io -o src/certificate.ts\n  kubekit crd import --from-cluster certificates.cert-manager.io --context prod -o src/certificate.ts\n  kubekit crd import < cert-manager.crds.yaml -o src/cert-manager/',
  )
  .action(async (file: string | undefined, opts: ImportOptions) => {
    if (opts.fromCluster && file !== undefined) usage('give either a file or --from-cluster, not both');
    const source = opts.fromCluster ? `the cluster` : file === undefined || file === '-' ? 'stdin' : file;
    const crds = opts.fromCluster
      ? [
          // loaded here: the client is needed only to read the cluster (not for --help or the other commands)
          await (await import('./readClusterCrd.js')).readClusterCrd(opts.fromCluster, {
            kubeconfig: opts.kubeconfig,
            context: opts.context,
          }),
        ]
      : parseCrds(source === 'stdin' ? await readStdin() : await readFile(file as string, 'utf8'), source);
    if (crds.length === 0) fail(`${source} holds no CustomResourceDefinition`);
    const convert = (c: unknown) =>
      crdToTypeScript(c, {
        docs: opts.docs,
        optional: opts.optional,
        versions: opts.versions,
        importFrom: opts.importFrom,
      });
    const out = opts.out;
    const toFolder = out !== undefined && (out.endsWith('/') || (await isDirectory(out)));
    if (crds.length === 1 && !toFolder) return output(convert(crds[0]), out);
    if (out === undefined) fail(`${source} holds ${crds.length} CRDs; give --out <folder> to write one file each`);
    await mkdir(out, { recursive: true });
    for (const c of crds) await writeFile(join(out, `${c.spec.names.plural}.ts`), convert(c));
  });

const webhook = program.command('webhook').description('admission webhook configurations from declared webhooks');

webhook
  .command('generate')
  .description(
    'write the ValidatingWebhookConfiguration and MutatingWebhookConfiguration of the webhooks modules declare (their exported defineWebhooks results of @kubekit/manager) as YAML',
  )
  .argument('<modules...>', 'JavaScript or TypeScript modules to import (TypeScript needs Node 22.18+)')
  .option('--service <ns/name[:port]>', 'the Service in front of the webhook server (in a cluster)', serviceRef)
  .option('--url <url>', 'the webhook server base URL, https://host:port (outside a cluster)')
  .option(
    '--ca-bundle <file>',
    'the CA (PEM) that signed the serving certificate (default: none, for cert-manager to inject)',
  )
  .option('--name <name>', "the configurations' metadata.name", 'webhook-configuration')
  .option('-o, --out <file>', 'write to this file instead of stdout')
  .addHelpText(
    'after',
    '\nExample:\n  kubekit webhook generate src/webhooks.ts --service example-system/example-webhooks -o config/webhook/manifests.yaml',
  )
  .action(async (modules: string[], opts: WebhookGenerateOptions) => {
    if ((opts.service === undefined) === (opts.url === undefined)) usage('give either --service or --url');
    const target = { ...(await webhookTarget(opts.service, opts.url, opts.caBundle)), name: opts.name };
    const configurations: KubeObject[] = [];
    for (const m of modules) {
      const sources = Object.values(await importModule(m)).filter(isWebhookConfigurationsSource);
      if (sources.length === 0) fail(`${m} exports no defineWebhooks result`);
      for (const source of sources) configurations.push(...source[WEBHOOK_CONFIGURATIONS](target));
    }
    if (configurations.length === 0) fail(`${modules.join(', ')} declare no webhooks`);
    await output(formatManifests(mergeConfigurations(configurations)), opts.out);
  });

interface WebhookGenerateOptions {
  service?: WebhookTarget['service'];
  url?: string;
  caBundle?: string;
  name: string;
  out?: string;
}

/** One configuration per kind (validating, mutating): the webhooks of several exports together, in order. */
function mergeConfigurations(configurations: readonly KubeObject[]): KubeObject[] {
  const byKind = new Map<string, KubeObject & { webhooks?: unknown[] }>();
  for (const c of configurations as (KubeObject & { webhooks?: unknown[] })[]) {
    const seen = byKind.get(String(c.kind));
    if (seen) seen.webhooks = [...(seen.webhooks ?? []), ...(c.webhooks ?? [])];
    else byKind.set(String(c.kind), { ...c });
  }
  return [...byKind.values()];
}

/** A module's exports. */
async function importModule(m: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(resolve(m)).href)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof Error && (err as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && !existsSync(m)) {
      fail(`cannot import ${m}: no such file`);
    }
    throw err; // the module's own error, with its stack: where it went wrong
  }
}

/** A {@link WebhookTarget} from the options; the CA bundle read from its file. */
async function webhookTarget(
  service: WebhookTarget['service'],
  url: string | undefined,
  caBundleFile: string | undefined,
): Promise<WebhookTarget> {
  if (url !== undefined && !/^https:\/\/[^/?#\s]+\/?$/.test(url)) {
    usage(`${url} is not a base URL https://host[:port] (the webhook paths are added to it)`);
  }
  const caBundle = caBundleFile === undefined ? undefined : await readCaBundle(caBundleFile);
  return {
    ...(service && { service }),
    ...(url !== undefined && { url }),
    ...(caBundle !== undefined && { caBundle }),
  };
}

/** The PEM certificates of `file`. */
async function readCaBundle(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    fail(`cannot read the CA bundle ${file}: ${(err as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) fail(`${file} holds no PEM certificate`);
  return text;
}

/** A `ns/name[:port]` option value as a Service reference. */
function serviceRef(value: string): NonNullable<WebhookTarget['service']> {
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(:(\d{1,5}))?$/.exec(value);
  const port = match?.[6] === undefined ? undefined : Number(match[6]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) {
    throw new InvalidArgumentError('expected <namespace>/<name>[:<port>], e.g. example-system/example-webhooks:443');
  }
  return { namespace: match[1] as string, name: match[3] as string, ...(port !== undefined && { port }) };
}

interface ImportOptions {
  out?: string;
  docs: boolean;
  optional: 'optional' | 'nullish';
  versions?: string[];
  importFrom: string;
  fromCluster?: string;
  kubeconfig?: string;
  context?: string;
}

function commaList(value: string): string[] {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (list.length === 0) throw new InvalidArgumentError('expected one or more comma-separated names');
  return list;
}

async function output(text: string, out: string | undefined): Promise<void> {
  if (out) await writeFile(out, text);
  else process.stdout.write(text);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(message: string): never {
  throw new CliError(message);
}

function usage(message: string): never {
  throw new CliError(message, 2);
}

function hasStringReason(err: unknown): boolean {
  return err instanceof Error && typeof (err as { reason?: unknown }).reason === 'string';
}

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError) {
    // commander printed its message (or the help) already; its errors are usage errors
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    // kubekit's errors (a literal `reason`: the CLI's, crd's, core's, a module's manager errors) say what was wrong
    const known = err instanceof CliError || isCrdError(err) || isInvalidInput(err) || hasStringReason(err);
    process.stderr.write(`kubekit: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}
