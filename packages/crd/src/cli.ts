#!/usr/bin/env node
/**
 * `kubekit`: the command-line face of `@kubekit/crd`.
 *
 * - `kubekit crd generate <modules...>` imports modules and writes the CRDs of their exported
 *   `defineCustomResource` results as YAML.
 * - `kubekit crd import [file]` reads CRDs (a file, stdin, or the cluster: through a `Client` of
 *   `@kubekit/client`, with any kubeconfig client-node reads) and writes TypeScript with zod schemas.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { collectCrds, crdsToYaml, parseCrds } from './crdManifests.js';
import { crdToTypeScript } from './crdToTypeScript.js';
import { isCrdError } from './errors.js';
import { readClusterCrd } from './readClusterCrd.js';

const program = new Command('kubekit')
  .description('kubekit: controller-runtime for TypeScript')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: true });

const crd = program.command('crd').description('custom resource definitions from zod schemas, and back');

crd
  .command('generate')
  .description('write the CRDs defined in modules (their exported defineCustomResource results) as YAML')
  .argument('<modules...>', 'JavaScript or TypeScript modules to import (TypeScript needs Node 22.18+)')
  .option('-o, --out <file>', 'write to this file instead of stdout')
  .addHelpText('after', '\nExample:\n  kubekit crd generate src/resources.ts -o config/crd/bases.yaml')
  .action(async (modules: string[], opts: { out?: string }) => {
    const crds = [];
    for (const m of modules) {
      const exports = (await import(pathToFileURL(resolve(m)).href)) as Record<string, unknown>;
      const found = collectCrds(exports);
      if (found.length === 0) fail(`${m} exports no defineCustomResource result`);
      crds.push(...found);
    }
    await output(crdsToYaml(crds), opts.out);
  });

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
    if (opts.fromCluster && file !== undefined) fail('give either a file or --from-cluster, not both');
    const source = opts.fromCluster ? `the cluster` : file === undefined || file === '-' ? 'stdin' : file;
    const crds = opts.fromCluster
      ? [await readClusterCrd(opts.fromCluster, { kubeconfig: opts.kubeconfig, context: opts.context })]
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

class CliError extends Error {}

try {
  await program.parseAsync();
} catch (err) {
  const known = err instanceof CliError || isCrdError(err);
  process.stderr.write(`kubekit: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`);
  process.exitCode = 1;
}
