/**
 * `Checker`: the seed's post-handshake check of the peer's certificate
 * by fingerprint. Until chain and hostname validation exist, this is the
 * only way the library authenticates a peer: pin the end-entity
 * certificate's fingerprint.
 *
 * The handshake calls `checker.check(connection)` once it has succeeded
 * (the seed calls `checker(connection)`); a throw fails the handshake.
 *
 * @module
 */
import { TLSAuthenticationTypeError, TLSFingerprintError, TLSNoAuthenticationError } from '../errors.js';
import type { Session } from '../session/session.js';
import { X509CertChain } from '../x509/cert-chain.js';

/** What the checker reads from a connection (an Engine or a TLSConnection). */
export interface CheckerConnection {
  /** The session just negotiated; the peer's chain is in it. */
  readonly session: Session | undefined;
  /** True on the client side, where the peer is the server. Required: it decides which chain is the peer's. */
  readonly isClient?: boolean;
  /** True for an abbreviated (resumed) handshake. */
  readonly resumed?: boolean;
}

/** Options of `Checker` (the seed's keyword arguments). */
export interface CheckerOptions {
  /**
   * The expected fingerprint of the peer's end-entity certificate: hex
   * of its SHA-1 (40 digits, the seed's) or SHA-256 (64 digits) over the
   * DER; case and ":"/space separators are ignored.
   */
  readonly x509Fingerprint?: string;
  /** Check resumed sessions too (default false: they were checked when first made). */
  readonly checkResumedSession?: boolean;
}

/** The seed's `Checker(x509Fingerprint=None, checkResumedSession=False)`. */
export class Checker {
  /** The normalised expected fingerprint (lower-case hex), or undefined for none. */
  readonly x509Fingerprint: string | undefined;
  readonly checkResumedSession: boolean;

  constructor(options: CheckerOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('Checker options must be an object');
    const { x509Fingerprint, checkResumedSession = false } = options;
    if (typeof checkResumedSession !== 'boolean') throw new TypeError('checkResumedSession must be true or false');
    this.checkResumedSession = checkResumedSession;
    if (x509Fingerprint === undefined || x509Fingerprint === null) {
      this.x509Fingerprint = undefined;
    } else {
      if (typeof x509Fingerprint !== 'string') throw new TypeError('x509Fingerprint must be a hex string');
      const normalised = x509Fingerprint.replace(/[:\s]/g, '').toLowerCase();
      if (!/^[0-9a-f]*$/.test(normalised) || (normalised.length !== 40 && normalised.length !== 64)) {
        throw new RangeError('x509Fingerprint must be the hex of a SHA-1 (40 digits) or SHA-256 (64 digits) fingerprint');
      }
      this.x509Fingerprint = normalised;
    }
  }

  /**
   * Checks the peer of `connection` (the seed's `__call__`).
   * @throws TLSNoAuthenticationError when the peer sent no certificate,
   *   TLSAuthenticationTypeError when its credential is not an X.509 chain,
   *   TLSFingerprintError when the fingerprint differs.
   */
  check(connection: CheckerConnection): void {
    if (connection === null || typeof connection !== 'object') throw new TypeError('connection must be an object');
    if (!this.checkResumedSession && connection.resumed === true) return;
    if (this.x509Fingerprint === undefined) return;
    if (typeof connection.isClient !== 'boolean') {
      // Guessing the side could compare our own certificate with the pin.
      throw new TypeError('connection.isClient must be a boolean: the checker must know which chain is the peer\'s');
    }
    const session = connection.session;
    const chain: unknown = connection.isClient ? session?.serverCertChain : session?.clientCertChain;
    if (chain instanceof X509CertChain && chain.getNumCerts() > 0) {
      const hash = this.x509Fingerprint.length === 40 ? 'sha1' : 'sha256';
      const actual = chain.getFingerprint(hash);
      // Fingerprints are public: a plain comparison leaks nothing.
      if (actual !== this.x509Fingerprint) {
        throw new TLSFingerprintError(`X.509 fingerprint mismatch: ${actual}, ${this.x509Fingerprint}`);
      }
    } else if (chain && !(chain instanceof X509CertChain)) {
      throw new TLSAuthenticationTypeError('the peer authenticated with something other than an X.509 certificate chain');
    } else {
      // No chain, or an empty one (an empty Certificate message).
      throw new TLSNoAuthenticationError('the peer sent no certificate');
    }
  }

  /** A function form, for APIs that take a callable checker (the seed's style). */
  asFunction(): (connection: CheckerConnection) => void {
    return (connection) => this.check(connection);
  }
}
