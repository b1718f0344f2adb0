import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A serving certificate and its key, PEM. */
export interface ServingPair {
  /** The certificate (PEM). */
  readonly cert: string;
  /** Its private key (PEM, PKCS#1). */
  readonly key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function rsaKeys(): { forgeKey: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey; pem: string } {
  // Node generates the keys (native, fast); node-forge, which has X.509 issuing, signs.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    forgeKey: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey),
    pem: privateKey,
  };
}

function serial(): string {
  // positive, 16 bytes
  return `01${randomBytes(15).toString('hex')}`;
}

/**
 * A throw-away certificate authority for tests (envtest's webhook CA): a self-signed CA valid for a
 * day, which issues serving certificates for loopback names. The API server trusts it through the
 * webhook configurations' `caBundle`.
 */
export class CertificateAuthority {
  /** The CA certificate (PEM): what goes into `caBundle`, base64-encoded. */
  readonly cert: string;
  readonly #cert: forge.pki.Certificate;
  readonly #key: forge.pki.rsa.PrivateKey;

  constructor() {
    const keys = rsaKeys();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.forgePublic;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + DAY_MS);
    const name = [{ name: 'commonName', value: 'kubekit-test-webhook-ca' }];
    cert.setSubject(name);
    cert.setIssuer(name);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(keys.forgeKey, forge.md.sha256.create());
    this.#cert = cert;
    this.#key = keys.forgeKey;
    this.cert = forge.pki.certificateToPem(cert);
  }

  /**
   * A new serving certificate and key, valid for a day, for `hosts` (IP addresses become IP
   * subject alternative names, others DNS names).
   */
  issue(hosts: readonly string[] = ['127.0.0.1', 'localhost']): ServingPair {
    const keys = rsaKeys();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.forgePublic;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + DAY_MS);
    cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
    cert.setIssuer(this.#cert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
      },
    ]);
    cert.sign(this.#key, forge.md.sha256.create());
    return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
  }
}
