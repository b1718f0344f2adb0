import { readFileSync, statSync } from 'node:fs';

/**
 * Files a kubeconfig names (certificates, keys, token files), read when first needed and read again
 * when they change: a rotated service account token or certificate is picked up on the next request.
 * A change is a new inode (a kubelet swaps a projected volume's files by renaming), size or mtime;
 * telling it costs one `stat` per file per request. Errors are the `fs` errors (`path`, `code`).
 */
export class FileReads {
  readonly #files = new Map<string, { version: string; contents: Buffer }>();

  /** The file's contents, as of now. */
  read(path: string): Buffer {
    const stat = statSync(path, { bigint: true });
    const version = `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
    const known = this.#files.get(path);
    if (known?.version === version) return known.contents;
    const contents = readFileSync(path);
    this.#files.set(path, { version, contents });
    return contents;
  }
}
