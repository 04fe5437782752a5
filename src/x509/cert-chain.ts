/**
 * `X509CertChain`: a certificate chain, end-entity first (the seed's
 * `tlslite.x509certchain.X509CertChain`): what a Certificate message
 * carries and what `Session.serverCertChain` / `clientCertChain` hold.
 *
 * The chain is not validated here (issuer links, signatures, validity
 * and names come with chain validation in a later issue); until then
 * only `Checker`'s fingerprint check authenticates a peer.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { Key } from './keys.js';
import { PEMError, dePemList } from './pem.js';
import { X509, X509Error, type X509Options } from './certificate.js';

/** A list of X.509 certificates, starting with the end-entity certificate. */
export class X509CertChain {
  /** The certificates; each after the first should certify the one before it. */
  x509List: X509[];

  /** A chain of `x509List` (empty if omitted, as in the seed). */
  constructor(x509List?: readonly X509[]) {
    if (x509List !== undefined && (!Array.isArray(x509List) || !x509List.every((c) => c instanceof X509))) {
      throw new TypeError('x509List must be an array of X509');
    }
    this.x509List = x509List ? [...x509List] : [];
  }

  /** Every "CERTIFICATE" block of `pem`, in order. */
  static fromPEM(pem: string, options: X509Options = {}): X509CertChain {
    return new X509CertChain().parsePemList(pem, options);
  }

  /** A chain from DER certificates (as in a Certificate message), end-entity first. */
  static fromDER(certificates: readonly Uint8Array[], options: X509Options = {}): X509CertChain {
    if (!Array.isArray(certificates)) throw new TypeError('certificates must be an array of Uint8Arrays');
    return new X509CertChain(certificates.map((der) => new X509(der, options)));
  }

  /**
   * Replaces the list with the "CERTIFICATE" blocks of `pem` (the seed's
   * `parsePemList`); other blocks (keys, parameters) are skipped.
   * @throws X509Error if there is no certificate or one is malformed.
   */
  parsePemList(pem: string, options: X509Options = {}): this {
    if (typeof pem !== 'string') throw new TypeError('pem must be a string');
    let ders: Uint8Array[];
    try {
      ders = dePemList(pem, 'CERTIFICATE');
    } catch (err) {
      if (err instanceof PEMError) throw new X509Error(`cannot read the PEM certificates: ${err.message}`);
      throw err;
    }
    if (ders.length === 0) throw new X509Error('no PEM-encoded certificates found');
    this.x509List = ders.map((der) => new X509(der, options));
    return this;
  }

  /** The number of certificates (the seed's `getNumCerts`). */
  getNumCerts(): number {
    return this.x509List.length;
  }

  /** The end-entity certificate. @throws RangeError if the chain is empty. */
  getEndEntity(): X509 {
    const first = this.x509List[0];
    if (!first) throw new RangeError('no certificates in the chain');
    return first;
  }

  /**
   * The end-entity certificate's public key (the seed's
   * `getEndEntityPublicKey`), re-bound to `provider` if one is given.
   * @throws RangeError if the chain is empty; X509Error for a key type
   *   this library cannot use (DSA).
   */
  getEndEntityPublicKey(provider?: CryptoProvider): Key {
    const cert = this.getEndEntity();
    if (provider) return cert.publicKeyFor(provider);
    if (!cert.publicKey) throw new X509Error(`the end-entity certificate's ${cert.certAlg ?? 'unknown'} key is not supported`);
    return cert.publicKey;
  }

  /** Hex fingerprint of the end-entity certificate (the seed's `getFingerprint`; SHA-1 by default). */
  getFingerprint(hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' = 'sha1'): string {
    return this.getEndEntity().getFingerprint(hash);
  }

  /** The DER certificates, end-entity first (for a Certificate message). */
  toDERList(): Uint8Array[] {
    return this.x509List.map((c) => c.bytes);
  }

  /** The chain as concatenated PEM blocks. */
  toPEM(): string {
    return this.x509List.map((c) => c.toPEM()).join('');
  }

  /** Same certificates in the same order (the seed's `__eq__`). */
  equals(other: X509CertChain): boolean {
    return (
      other instanceof X509CertChain &&
      other.x509List.length === this.x509List.length &&
      this.x509List.every((c, i) => c.equals(other.x509List[i]!))
    );
  }
}
