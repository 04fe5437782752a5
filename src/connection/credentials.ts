/**
 * Certificates and keys as node:tls users pass them (PEM strings or
 * Buffers: `cert`, `key`) turned into what the handshake takes
 * (`X509CertChain`, `Key`), for `connect()` and `createServer()`.
 *
 * @module
 */
import { X509CertChain } from '../x509/cert-chain.js';
import { parsePEMKey, type Key } from '../x509/keys.js';

/** Our certificate in either form: objects, or node:tls-style PEM. */
export interface CredentialOptions {
  /** The certificate chain (end entity first). */
  readonly certChain?: X509CertChain;
  /** The private key of `certChain`'s end entity. */
  readonly privateKey?: Key;
  /** node:tls style: PEM certificate chain (end entity first). Ignored when `certChain` is given. */
  readonly cert?: string | Buffer;
  /** node:tls style: PEM private key. Ignored when `privateKey` is given. */
  readonly key?: string | Buffer;
}

/** Resolves `certChain`/`privateKey` from either form; both undefined when none was given. */
export function resolveCredentials(options: CredentialOptions): { certChain?: X509CertChain; privateKey?: Key } {
  const certChain =
    options.certChain ?? (options.cert !== undefined ? X509CertChain.fromPEM(options.cert.toString()) : undefined);
  const privateKey = options.privateKey ?? (options.key !== undefined ? parsePEMKey(options.key.toString(), { private: true }) : undefined);
  if ((certChain === undefined) !== (privateKey === undefined)) {
    throw new TypeError('a certificate needs its private key (certChain with privateKey, or cert with key)');
  }
  return { ...(certChain !== undefined && { certChain }), ...(privateKey !== undefined && { privateKey }) };
}
