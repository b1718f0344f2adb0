import { readFileSync, statSync } from 'node:fs';

/** How long a file must have been unchanged when it was read for its stat to tell later changes (ns). */
const SETTLED_NS = 2_000_000_000n;

/**
 * Files a kubeconfig names (certificates, keys, token files), read when first needed and read again
 * when they change: a rotated service account token or certificate is used on the next request.
 * A change is a new inode (a kubelet swaps a projected volume's files by renaming), size, mtime or
 * ctime; telling it costs one `stat` per file per request. File times are coarse (a few ms), so a
 * file changed shortly before it was read is read again until it has been still for 2 s (a write
 * in the same tick as the read would leave its times as they were). Errors are the `fs` errors
 * (with `path` and `code`).
 */
export class FileReads {
  readonly #files = new Map<string, { version: string; settled: boolean; contents: Buffer }>();

  /** The file's contents, as of now. */
  read(path: string): Buffer {
    const stat = statSync(path, { bigint: true });
    const version = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    const known = this.#files.get(path);
    if (known?.settled && known.version === version) return known.contents;
    const readAtNs = BigInt(Date.now()) * 1_000_000n;
    const contents = readFileSync(path);
    // ctime moves on every write, rename and metadata change (and cannot be set back, unlike mtime)
    this.#files.set(path, { version, settled: readAtNs - stat.ctimeNs > SETTLED_NS, contents });
    return contents;
  }
}
