/**
 * The TLS 1.3 transcript hash (RFC 8446 4.4.1): the running hash of the
 * handshake messages, header included, as on the wire. The hash is the
 * suite's, known only from the ServerHello (or HelloRetryRequest), so
 * messages are kept until `select()`; a server that answers with a
 * HelloRetryRequest replaces ClientHello1 by
 *
 *     message_hash (254) || 00 00 Hash.length || Hash(ClientHello1)
 *
 * (`replaceWithMessageHash`). CertificateVerify in TLS 1.3 signs the
 * hash, never the messages, so nothing else is kept.
 *
 * @module
 */
import type { CryptoProvider, Hash } from '../crypto/provider.js';
import { checkBytes, concatBytes } from '../crypto/bytes.js';
import { HandshakeType } from '../constants.js';
import type { Tls13Hash } from './key-schedule13.js';

export class Transcript13 {
  readonly #provider: CryptoProvider;
  #pending: Uint8Array[] = [];
  #hash: Hash | undefined;
  #name: Tls13Hash | undefined;

  constructor(provider: CryptoProvider) {
    this.#provider = provider;
  }

  /** The hash chosen by `select()`, if any. */
  get hashName(): Tls13Hash | undefined {
    return this.#name;
  }

  /** Appends one handshake message (copied while the hash is unknown). */
  update(message: Uint8Array): this {
    checkBytes(message, 'message');
    if (this.#hash !== undefined) this.#hash.update(message);
    else this.#pending.push(message.slice());
    return this;
  }

  /** Names the suite's hash; messages so far are hashed now. A second call with the same hash does nothing. */
  select(name: Tls13Hash): void {
    if (this.#name !== undefined) {
      if (this.#name !== name) throw new RangeError(`the transcript hash is already ${this.#name}`);
      return;
    }
    this.#name = name;
    this.#hash = this.#provider.hashes[name].create();
    for (const m of this.#pending) this.#hash.update(m);
    this.#pending = [];
  }

  /** Transcript-Hash of the messages so far. */
  digest(): Uint8Array {
    if (this.#hash === undefined) throw new RangeError('select() the hash first');
    return this.#hash.snapshot();
  }

  /**
   * RFC 8446 4.4.1: after a HelloRetryRequest, ClientHello1 (the only
   * message so far) becomes a synthetic message_hash message. Call it
   * before adding the HelloRetryRequest, after `select()`.
   */
  replaceWithMessageHash(): void {
    const hashOfFirst = this.digest();
    const name = this.#name!;
    this.#hash = this.#provider.hashes[name].create();
    this.#hash.update(concatBytes(Uint8Array.of(HandshakeType.message_hash, 0, 0, hashOfFirst.length), hashOfFirst));
  }

  /** An independent copy. */
  copy(): Transcript13 {
    const other = new Transcript13(this.#provider);
    other.#pending = [...this.#pending];
    other.#name = this.#name;
    other.#hash = this.#hash?.copy();
    return other;
  }
}
