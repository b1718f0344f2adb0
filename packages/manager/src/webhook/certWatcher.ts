import { createPrivateKey, X509Certificate } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Clock, Logger } from '@kubekit/core';
import { WebhookCertificateError } from '../errors.js';

/** Options of {@link CertWatcher}. */
export interface CertWatcherOptions {
  /** The serving certificate (PEM, leaf first, then its chain). */
  certFile: string;
  /** The serving key (PEM). */
  keyFile: string;
  /** The folder holding both, watched for changes. */
  dir: string;
  /** Read the files again this often, besides on change events. */
  pollIntervalMs: number;
  /** TLS settings besides the pair (`minVersion`), applied to every context it makes. */
  tls: SecureContextOptions;
  /** Called with each new pair, after the first. */
  onChange: (pair: { cert: string; key: string }) => void;
  clock: Clock;
  logger: Logger;
}

/**
 * Keeps a serving certificate and key current: reads them at `load()`, then again whenever the
 * folder changes (a Secret volume swaps a symlink; cert-manager rewrites the files) and every
 * `pollIntervalMs` (events can be missed on some file systems). A pair that does not load (half
 * written, mismatched) is logged and the previous one kept; an unchanged pair is ignored.
 */
export class CertWatcher {
  readonly #o: CertWatcherOptions;
  #current: { cert: string; key: string } | undefined;
  #reloading: Promise<void> = Promise.resolve();

  constructor(options: CertWatcherOptions) {
    this.#o = options;
  }

  /** Reads the pair and checks that the key is the certificate's and that they make a TLS context. @throws {@link WebhookCertificateError} */
  async load(): Promise<{ cert: string; key: string }> {
    const { certFile, keyFile, tls } = this.#o;
    let pair: { cert: string; key: string };
    try {
      const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
      pair = { cert, key };
      // OpenSSL drops a key that does not match the certificate without an error: check the pair here
      if (!new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))) {
        throw new Error('the key is not the key of the certificate');
      }
      createSecureContext({ ...tls, ...pair });
    } catch (cause) {
      throw new WebhookCertificateError(certFile, keyFile, { cause });
    }
    return pair;
  }

  /** Loads the first pair; then watches until `signal` aborts. Resolves with the first pair once loaded. */
  async start(signal: AbortSignal): Promise<{ cert: string; key: string; watching: Promise<void> }> {
    const first = await this.load();
    this.#current = first;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(this.#o.dir, { persistent: false }, () => this.#reload());
      watcher.on('error', (err) => this.#o.logger.error({ err }, 'watching the webhook certificate folder failed'));
    } catch (err) {
      this.#o.logger.error({ err, dir: this.#o.dir }, 'cannot watch the webhook certificate folder; polling only');
    }
    const watching = (async () => {
      try {
        while (!signal.aborted) {
          await this.#o.clock.sleep(this.#o.pollIntervalMs, signal).catch(() => undefined);
          if (!signal.aborted) this.#reload();
        }
      } finally {
        watcher?.close();
        await this.#reloading;
      }
    })();
    return { ...first, watching };
  }

  #reload(): void {
    this.#reloading = this.#reloading.then(async () => {
      let pair: { cert: string; key: string };
      try {
        pair = await this.load();
      } catch (err) {
        this.#o.logger.error({ err }, 'webhook certificate not reloaded; serving the previous one');
        return;
      }
      if (pair.cert === this.#current?.cert && pair.key === this.#current.key) return;
      this.#current = pair;
      this.#o.logger.info({ certFile: this.#o.certFile }, 'webhook certificate reloaded');
      this.#o.onChange(pair);
    });
  }
}
