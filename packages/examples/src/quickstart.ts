/**
 * The README quickstart: a custom resource defined once in zod, used through the client, against an
 * in-memory cluster. Run with `pnpm build && node packages/examples/dist/quickstart.js`.
 */
import { pathToFileURL } from 'node:url';
import { Client } from '@kubekit/client';
import { defineCustomResource } from '@kubekit/crd';
import { FakeApiServer } from '@kubekit/testing';
import { z } from 'zod';

const Widget = defineCustomResource({
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  spec: z.object({ size: z.number().int().min(1).default(1) }),
});

/** Creates a Widget without a size and returns the size the server gave it. */
export async function quickstart(): Promise<number> {
  await using cluster = await FakeApiServer.start({ crds: [Widget.crd] });
  using client = new Client({ kubeConfig: cluster.kubeConfig });
  await client.create({
    apiVersion: Widget.apiVersion,
    kind: Widget.kind,
    metadata: { name: 'w1', namespace: 'default' },
    spec: {},
  });
  const w1 = await client.get(Widget, 'w1', { namespace: 'default' }); // typed from the zod schema
  return w1.spec.size; // 1: the default, applied by the server
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await quickstart());
