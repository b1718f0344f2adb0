/**
 * `kubekit`: one command for kubekit's tools. It loads nothing but the subcommand it runs (each is
 * imported when chosen), so `kubekit --help` starts fast.
 *
 * Exit codes: 0 done, 1 failed, 2 usage error; messages on stderr.
 */
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { isUsageError } from './errors.js';

/** A subcommand: its one-line summary and its module, loaded only when it runs. */
interface Subcommand {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<void> }>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  crd: {
    summary: 'CRDs from zod schemas (generate), and TypeScript from CRDs (import)',
    load: () => import('./commands/crd.js'),
  },
  webhook: {
    summary: 'admission webhook configurations from defineWebhooks (generate)',
    load: () => import('./commands/crd.js'),
  },
  gather: {
    summary: "record a cluster's objects, discovery and changes into a folder",
    load: () => import('./commands/gather.js'),
  },
  serve: {
    summary: 'serve a recording as a read-only API server on loopback',
    load: () => import('./commands/serve.js'),
  },
  'test-server': {
    summary: 'run a real (or in-memory) test API server until Ctrl-C',
    load: () => import('./commands/testServer.js'),
  },
};

const HELP = `usage: kubekit <command> [options]

Commands:
${Object.entries(SUBCOMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join('\n')}

Options:
  --help       this help (kubekit <command> --help: the command's)
  --version    the version of kubekit

Exit codes: 0 done, 1 failed, 2 usage error. See docs/cli.md.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const [name, ...args] = process.argv.slice(2);
try {
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
  } else if (name === '--version' || name === '-v') {
    process.stdout.write(`kubekit ${version()}\n`);
  } else {
    const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
    if (!command) {
      process.stderr.write(`kubekit: unknown command "${name}" (run kubekit --help for the commands)\n`);
      process.exitCode = 2;
    } else {
      // Node's compile cache (in the OS temp folder) for the subcommand's modules: measured 15-35% off
      // loading @kubekit/testing. Not for --help or --version, where it costs more than it saves.
      enableCompileCache();
      await (await command.load()).run(args);
    }
  }
} catch (err) {
  // kubekit's errors carry a literal `reason` and a message that says what was wrong
  const known = isUsageError(err) || (err instanceof Error && typeof (err as { reason?: unknown }).reason === 'string');
  const message = known ? (err as Error).message : String((err as Error)?.stack ?? err);
  const hint = isUsageError(err) ? ` (run kubekit ${name} --help for usage)` : '';
  process.stderr.write(`kubekit ${name}: ${message}${hint}\n`);
  process.exitCode = isUsageError(err) ? 2 : 1;
}
