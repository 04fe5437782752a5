/**
 * The running handshake hash of SSLv3 to TLS 1.2: what Finished, the
 * extended master secret's session_hash and CertificateVerify cover.
 *
 * Which hash that is depends on the version and suite, known only once
 * the ServerHello has been read (RFC 5246 7.4.9: the PRF hash in TLS 1.2;
 * RFC 2246 7.4.9: MD5 and SHA-1 in TLS 1.0/1.1; RFC 6101 5.6.9: MD5 and
 * SHA-1 in SSLv3). So messages are kept until `select()` names the
 * version and PRF hash; from then on the chosen hashes run, and the
 * transcript's value at any point is a copy of their state.
 *
 * The messages themselves are kept too: a TLS 1.2 CertificateVerify may
 * use any hash the peer offered (RFC 5246 7.4.8), not only the PRF hash,
 * and Ed25519/Ed448 sign the messages themselves rather than a digest
 * (RFC 8422 5.10). A handshake's messages are a few kilobytes.
 *
 * What goes in (the caller's duty, RFC 5246 7.4.9): every handshake
 * message as on the wire, header included, in order, from ClientHello
 * up to the point of use; never HelloRequest (RFC 5246 7.4.1.1), never
 * ChangeCipherSpec or alerts (they are not handshake messages). Use
 * `HandshakeMessage.bytes` of a received message and `serialize(body)`
 * (or `HandshakeMessage.of(body).bytes`) of a sent one.
 *
 * @module
 */
import type { CryptoProvider, Hash, HashName } from '../crypto/provider.js';
import { checkBytes, concatBytes } from '../crypto/bytes.js';
import { ProtocolVersion } from '../constants.js';

/** The hash a TLS 1.2 PRF uses (from `CipherSuiteInfo.prfHash`). */
export type PrfHashName = 'sha256' | 'sha384';

/** The handshake hash of SSLv3-TLS 1.1 is MD5 || SHA-1 (36 bytes). */
export type TranscriptHashName = HashName | 'md5sha1';

/** The running hash of the handshake messages. */
export class HandshakeTranscript {
  readonly #provider: CryptoProvider;
  readonly #messages: Uint8Array[] = [];
  /** Running hashes, started by `select()`. */
  readonly #running = new Map<HashName, Hash>();
  #version: number | undefined;
  #prfHash: PrfHashName | undefined;

  /** A transcript whose hashes come from `provider`. */
  constructor(provider: CryptoProvider) {
    this.#provider = provider;
  }

  /** The provider the hashes come from. */
  get provider(): CryptoProvider {
    return this.#provider;
  }

  /** The version given to `select()`, or undefined before it. */
  get version(): number | undefined {
    return this.#version;
  }

  /** Whether `select()` has been called. */
  get selected(): boolean {
    return this.#version !== undefined;
  }

  /**
   * Appends one handshake message, header included, as on the wire. The
   * bytes are copied, so the caller may reuse its buffer.
   */
  update(message: Uint8Array): this {
    checkBytes(message, 'message');
    const copy = message.slice();
    this.#messages.push(copy);
    for (const hash of this.#running.values()) hash.update(copy);
    return this;
  }

  /**
   * Names the negotiated version and, for TLS 1.2, the suite's PRF hash
   * (`CipherSuiteInfo.prfHash`); call it once, right after the
   * ServerHello. The messages seen so far are hashed now, later ones as
   * they come.
   * @throws RangeError for a version outside SSLv3..TLS 1.2, or a second call.
   */
  select(version: number, prfHash: PrfHashName = 'sha256'): void {
    if (this.#version !== undefined) throw new RangeError('the transcript hash was already selected');
    if (!Number.isInteger(version) || version < ProtocolVersion.SSL3 || version > ProtocolVersion.TLS1_2) {
      throw new RangeError(`version must be SSLv3 to TLS 1.2, got 0x${Number(version).toString(16)}`);
    }
    if (prfHash !== 'sha256' && prfHash !== 'sha384') throw new RangeError('prfHash must be "sha256" or "sha384"');
    this.#version = version;
    this.#prfHash = prfHash;
    const names: HashName[] = version >= ProtocolVersion.TLS1_2 ? [prfHash] : ['md5', 'sha1'];
    for (const name of names) {
      const hash = this.#provider.hashes[name].create();
      for (const message of this.#messages) hash.update(message);
      this.#running.set(name, hash);
    }
  }

  /**
   * The handshake hash Finished (RFC 5246 7.4.9) and the extended master
   * secret's session_hash (RFC 7627 3) use: MD5 || SHA-1 (36 bytes) up to
   * TLS 1.1, the PRF hash in TLS 1.2.
   * @throws RangeError before `select()`.
   */
  handshakeHash(): Uint8Array {
    if (this.#version === undefined) throw new RangeError('select() the version before asking for the handshake hash');
    return this.#version >= ProtocolVersion.TLS1_2 ? this.digest(this.#prfHash!) : this.digest('md5sha1');
  }

  /**
   * The hash `name` of every message so far (`"md5sha1"`: MD5 then SHA-1,
   * concatenated). Served from a running hash when one is, computed over
   * the kept messages otherwise.
   */
  digest(name: TranscriptHashName): Uint8Array {
    if (name === 'md5sha1') return concatBytes(this.digest('md5'), this.digest('sha1'));
    const hashes = this.#provider.hashes;
    if (!Object.prototype.hasOwnProperty.call(hashes, name)) throw new RangeError(`unknown hash ${String(name)}`);
    const running = this.#running.get(name);
    if (running) return running.snapshot();
    return hashes[name].digest(...this.#messages);
  }

  /**
   * An independent hash state over every message so far, which the
   * caller may extend (SSLv3's Finished and CertificateVerify hash more
   * after the messages, RFC 6101 5.6.8-5.6.9).
   */
  hashState(name: HashName): Hash {
    const running = this.#running.get(name);
    if (running) return running.copy();
    const hash = this.#provider.hashes[name].create();
    for (const message of this.#messages) hash.update(message);
    return hash;
  }

  /** Every message so far, concatenated (what Ed25519/Ed448 sign in CertificateVerify, RFC 8422 5.10). */
  messages(): Uint8Array {
    return concatBytes(...this.#messages);
  }

  /** An independent copy (same provider, messages, selection and hash states). */
  copy(): HandshakeTranscript {
    const other = new HandshakeTranscript(this.#provider);
    other.#messages.push(...this.#messages);
    other.#version = this.#version;
    other.#prfHash = this.#prfHash;
    for (const [name, hash] of this.#running) other.#running.set(name, hash.copy());
    return other;
  }
}
