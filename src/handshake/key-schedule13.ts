/**
 * The TLS 1.3 key schedule (RFC 8446 7.1), on top of the HKDF helpers of
 * `crypto/hkdf.ts`:
 *
 *              0
 *              |
 *    PSK ->  HKDF-Extract = Early Secret ---> binder_key, c e traffic
 *              |
 *        Derive-Secret(., "derived", "")
 *              |
 *   (EC)DHE -> HKDF-Extract = Handshake Secret ---> c hs traffic, s hs traffic
 *              |
 *        Derive-Secret(., "derived", "")
 *              |
 *   0 -> HKDF-Extract = Master Secret ---> c ap traffic, s ap traffic, exp master, res master
 *
 * plus the traffic keys (7.3), Finished (4.4.4), KeyUpdate (7.2), the
 * ticket PSK (4.6.1) and the exporter (7.5). Pure functions of their
 * inputs (the transcript hashes are passed in), so the RFC 8448 traces
 * check each step on its own.
 *
 * @module
 */
import type { CryptoProvider, HashName } from '../crypto/provider.js';
import { checkBytes, constantTimeEqual } from '../crypto/bytes.js';
import { deriveSecret, hkdfExpandLabel, hkdfExtract } from '../crypto/hkdf.js';
import { TLSDecryptError } from '../errors.js';

/** The hash of a TLS 1.3 suite (RFC 8446 B.4: SHA-256, or SHA-384 for TLS_AES_256_GCM_SHA384). */
export type Tls13Hash = 'sha256' | 'sha384';

/** The secrets of one handshake, derived step by step as the messages arrive. */
export class KeySchedule13 {
  readonly provider: CryptoProvider;
  readonly hash: Tls13Hash;
  /** Early Secret = HKDF-Extract(0, PSK or zeros). */
  readonly earlySecret: Uint8Array;
  #handshakeSecret: Uint8Array | undefined;
  #masterSecret: Uint8Array | undefined;

  /** Starts the schedule with `psk` (undefined: no PSK, HashLen zeros, RFC 8446 7.1). */
  constructor(provider: CryptoProvider, hash: Tls13Hash, psk?: Uint8Array) {
    if (hash !== 'sha256' && hash !== 'sha384') throw new RangeError('hash must be "sha256" or "sha384"');
    this.provider = provider;
    this.hash = hash;
    const zeros = new Uint8Array(this.hashLength);
    if (psk !== undefined) checkBytes(psk, 'psk');
    this.earlySecret = hkdfExtract(provider, hash, zeros, psk ?? zeros);
  }

  /** HashLen: 32 or 48. */
  get hashLength(): number {
    return this.provider.hashes[this.hash].outputLength;
  }

  /** Hash of the empty string (the "derived" context and the exporter's). */
  emptyHash(): Uint8Array {
    return this.provider.hashes[this.hash].digest();
  }

  /** binder_key: "ext binder" for external PSKs, "res binder" for tickets (RFC 8446 7.1). */
  binderKey(external: boolean): Uint8Array {
    return deriveSecret(this.provider, this.hash, this.earlySecret, external ? 'ext binder' : 'res binder', this.emptyHash());
  }

  /** client_early_traffic_secret over the ClientHello. */
  clientEarlyTrafficSecret(helloHash: Uint8Array): Uint8Array {
    return deriveSecret(this.provider, this.hash, this.earlySecret, 'c e traffic', helloHash);
  }

  /**
   * Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""),
   * (EC)DHE); `shared` undefined in psk_ke mode (HashLen zeros).
   */
  deriveHandshakeSecret(shared: Uint8Array | undefined): Uint8Array {
    const salt = deriveSecret(this.provider, this.hash, this.earlySecret, 'derived', this.emptyHash());
    this.#handshakeSecret = hkdfExtract(this.provider, this.hash, salt, shared ?? new Uint8Array(this.hashLength));
    return this.#handshakeSecret;
  }

  /** The handshake traffic secrets over ClientHello..ServerHello. */
  handshakeTrafficSecrets(helloHash: Uint8Array): { client: Uint8Array; server: Uint8Array } {
    const hs = this.#need(this.#handshakeSecret, 'deriveHandshakeSecret');
    return {
      client: deriveSecret(this.provider, this.hash, hs, 'c hs traffic', helloHash),
      server: deriveSecret(this.provider, this.hash, hs, 's hs traffic', helloHash),
    };
  }

  /** Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0). */
  deriveMasterSecret(): Uint8Array {
    const hs = this.#need(this.#handshakeSecret, 'deriveHandshakeSecret');
    const salt = deriveSecret(this.provider, this.hash, hs, 'derived', this.emptyHash());
    this.#masterSecret = hkdfExtract(this.provider, this.hash, salt, new Uint8Array(this.hashLength));
    return this.#masterSecret;
  }

  /** The application traffic secrets and exporter master secret over ClientHello..server Finished. */
  applicationSecrets(finishedHash: Uint8Array): { client: Uint8Array; server: Uint8Array; exporter: Uint8Array } {
    const ms = this.#need(this.#masterSecret, 'deriveMasterSecret');
    return {
      client: deriveSecret(this.provider, this.hash, ms, 'c ap traffic', finishedHash),
      server: deriveSecret(this.provider, this.hash, ms, 's ap traffic', finishedHash),
      exporter: deriveSecret(this.provider, this.hash, ms, 'exp master', finishedHash),
    };
  }

  /** resumption_master_secret over ClientHello..client Finished. */
  resumptionMasterSecret(clientFinishedHash: Uint8Array): Uint8Array {
    const ms = this.#need(this.#masterSecret, 'deriveMasterSecret');
    return deriveSecret(this.provider, this.hash, ms, 'res master', clientFinishedHash);
  }

  #need(secret: Uint8Array | undefined, step: string): Uint8Array {
    if (secret === undefined) throw new RangeError(`call ${step}() first`);
    return secret;
  }
}

/** The write key and IV of a traffic secret (RFC 8446 7.3). */
export function trafficKeys(
  provider: CryptoProvider,
  hash: HashName,
  secret: Uint8Array,
  keyLength: number,
): { key: Uint8Array; iv: Uint8Array } {
  const empty = new Uint8Array(0);
  return {
    key: hkdfExpandLabel(provider, hash, secret, 'key', empty, keyLength),
    iv: hkdfExpandLabel(provider, hash, secret, 'iv', empty, 12),
  };
}

/** application_traffic_secret_N+1 (RFC 8446 7.2, KeyUpdate). */
export function nextTrafficSecret(provider: CryptoProvider, hash: HashName, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(provider, hash, secret, 'traffic upd', new Uint8Array(0), secret.length);
}

/**
 * Finished.verify_data = HMAC(finished_key, transcript hash), finished_key
 * = HKDF-Expand-Label(base key, "finished", "", HashLen) (RFC 8446 4.4.4).
 * The PSK binder is the same computation with the binder key (4.2.11.2).
 */
export function finishedVerifyData13(
  provider: CryptoProvider,
  hash: HashName,
  baseKey: Uint8Array,
  transcriptHash: Uint8Array,
): Uint8Array {
  const length = provider.hashes[hash].outputLength;
  const finishedKey = hkdfExpandLabel(provider, hash, baseKey, 'finished', new Uint8Array(0), length);
  return provider.hmacs[hash].mac(finishedKey, transcriptHash);
}

/** Compares a received Finished (or binder) in constant time: decrypt_error on mismatch (RFC 8446 4.4.4). */
export function checkFinished13(expected: Uint8Array, received: Uint8Array, what = 'Finished'): void {
  if (!constantTimeEqual(expected, received)) throw new TLSDecryptError(`${what} does not verify`);
}

/** The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, HashLen) (RFC 8446 4.6.1). */
export function ticketPsk(provider: CryptoProvider, hash: HashName, resumptionMaster: Uint8Array, nonce: Uint8Array): Uint8Array {
  return hkdfExpandLabel(provider, hash, resumptionMaster, 'resumption', nonce, provider.hashes[hash].outputLength);
}

/**
 * TLS-Exporter(label, context_value, key_length) = HKDF-Expand-Label(
 * Derive-Secret(exporter_master_secret, label, ""), "exporter",
 * Hash(context_value), key_length) (RFC 8446 7.5). No context and an
 * empty one are the same in TLS 1.3.
 */
export function exportKeyingMaterial13(
  provider: CryptoProvider,
  hash: HashName,
  exporterMaster: Uint8Array,
  label: string | Uint8Array,
  context: Uint8Array | undefined,
  length: number,
): Uint8Array {
  const labelBytes = typeof label === 'string' ? new TextEncoder().encode(label) : label;
  checkBytes(labelBytes, 'label');
  if (context !== undefined) checkBytes(context, 'context');
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`length must be in 0..65535, got ${length}`);
  const h = provider.hashes[hash];
  const secret = hkdfExpandLabel(provider, hash, exporterMaster, labelBytes, h.digest(), h.outputLength);
  return hkdfExpandLabel(provider, hash, secret, 'exporter', h.digest(context ?? new Uint8Array(0)), length);
}
