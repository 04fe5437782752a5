/**
 * Server-side session tickets (RFC 5077): the session state, sealed with
 * a key only the server knows, handed to the client to bring back.
 *
 *     ticket = key_name[16] || iv[12] || AEAD(key, iv, aad = key_name || iv, state)
 *
 * RFC 5077 4 recommends key_name || IV || AES-CBC || HMAC; an AEAD gives
 * the same integrity in one pass (AES-256-GCM by default). The IV is
 * random per ticket: 96 random bits keep GCM nonce collisions negligible
 * for far more tickets than one key ever seals before rotation.
 *
 * `TicketKeys` holds the keys and rotates them: the current key seals,
 * the current and the previous one open, so a ticket sealed just before
 * a rotation still resumes afterwards. Keys given in
 * `settings.ticketKeys` are used as they are (the first seals, all open,
 * as in the seed) and never rotated; the operator rotates them.
 *
 * Any ticket that is tampered with, truncated, sealed under an unknown or
 * retired key, malformed or expired opens to `null`: tickets come from
 * the network, and the answer to a bad one is a full handshake
 * (RFC 5077 3.4), not an error.
 *
 * @module
 */
import type { Aead, CryptoProvider } from '../crypto/provider.js';
import { defaultProvider } from '../crypto/select.js';
import { hkdfExpand, hkdfExtract } from '../crypto/hkdf.js';
import { constantTimeEqual, toHex } from '../crypto/bytes.js';
import { TLSError } from '../errors.js';
import { Session } from './session.js';
import { deserializeSession, serializeSession } from './serialize.js';

/** AEADs a ticket may be sealed with (the seed's ticketCipher values we support). */
export type TicketCipher = 'aes256gcm' | 'aes128gcm' | 'chacha20-poly1305';

/** Length of key_name (RFC 5077 4). */
export const TICKET_KEY_NAME_LENGTH = 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTHS: Record<TicketCipher, number> = { aes256gcm: 32, aes128gcm: 16, 'chacha20-poly1305': 32 };
const encoder = new TextEncoder();

/** Options of `TicketKeys`. */
export interface TicketKeysOptions {
  /** Provider of the AEAD, HKDF and randomness (default `defaultProvider()`). */
  readonly provider?: CryptoProvider;
  /** Default "aes256gcm". */
  readonly cipher?: TicketCipher;
  /**
   * Seconds a generated key seals tickets before a new one takes over
   * (default 86400: the seed's advice of at most a day of use, and two of
   * life, since the previous key still opens for one more interval).
   */
  readonly rotationInterval?: number;
  /**
   * Fixed secrets (the seed's `settings.ticketKeys`, 16 or 32 bytes):
   * the first seals, all open; no automatic rotation. Each secret is
   * stretched with HKDF into the AEAD key and a key name, so 16-byte
   * secrets work with AES-256-GCM too.
   */
  readonly keys?: readonly Uint8Array[];
  /** The clock in ms (tests pass a fake one). Default `Date.now`. */
  readonly now?: () => number;
}

interface TicketKey {
  readonly name: Uint8Array;
  readonly aead: Aead;
  readonly created: number;
}

/** The TicketKeys last made from a settings.ticketKeys array, with copies of its secrets then (see fromSettings). */
const recentKeys = new WeakMap<readonly Uint8Array[], { readonly provider: CryptoProvider; readonly keys: TicketKeys; readonly secrets: readonly Uint8Array[] }>();

function sameSecrets(then: readonly Uint8Array[], now: readonly Uint8Array[]): boolean {
  if (then.length !== now.length) return false;
  for (let i = 0; i < then.length; i++) {
    const a = then[i]!;
    const b = now[i]!;
    if (a.length !== b.length) return false;
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  }
  return true;
}

/** TicketKeys made from settings.ticketKeys, per provider, by a hash of the secrets (see fromSettings). */
const fixedKeysCache = new WeakMap<CryptoProvider, Map<string, TicketKeys>>();
const FIXED_KEYS_CACHE_SIZE = 16;

/** The server's ticket keys: seals and opens ticket payloads, rotating generated keys. */
export class TicketKeys {
  readonly cipher: TicketCipher;
  /** Seconds; Infinity for fixed keys. */
  readonly rotationInterval: number;
  readonly #provider: CryptoProvider;
  readonly #now: () => number;
  readonly #fixed: boolean;
  // [current, previous?] for generated keys; every fixed key otherwise.
  #keys: TicketKey[];

  constructor(options: TicketKeysOptions = {}) {
    this.#provider = options.provider ?? defaultProvider();
    this.cipher = options.cipher ?? 'aes256gcm';
    if (!(this.cipher in KEY_LENGTHS)) throw new RangeError(`cipher: unsupported ticket cipher ${JSON.stringify(this.cipher)}`);
    this.#now = options.now ?? Date.now;
    const interval = options.rotationInterval ?? 86400;
    if (typeof interval !== 'number' || !(interval > 0)) throw new RangeError('rotationInterval must be a positive number of seconds');
    if (options.keys !== undefined) {
      if (!Array.isArray(options.keys) || options.keys.length === 0) throw new RangeError('keys must be a non-empty array of 16- or 32-byte secrets');
      this.#fixed = true;
      this.rotationInterval = Infinity;
      this.#keys = options.keys.map((secret, i) => this.#derive(secret, i));
    } else {
      this.#fixed = false;
      this.rotationInterval = interval;
      this.#keys = [this.#generate()];
    }
  }

  /**
   * Keys from validated settings: `settings.ticketKeys` if any (fixed),
   * else undefined (the seed: no ticketKeys, no tickets from the server).
   */
  static fromSettings(settings: { readonly ticketKeys: readonly Uint8Array[]; readonly ticketCipher: string }, provider?: CryptoProvider): TicketKeys | undefined {
    if (settings.ticketKeys.length === 0) return undefined;
    if (!(settings.ticketCipher in KEY_LENGTHS)) throw new RangeError(`ticketCipher: ${settings.ticketCipher} is not supported for tickets (use aes256gcm, aes128gcm or chacha20-poly1305)`);
    // Handshakes call this per connection: reuse the TicketKeys made from
    // identical secrets (fixed keys hold no state beyond them).
    const p = provider ?? defaultProvider();
    const cipher = settings.ticketCipher as TicketCipher;
    // First by the array itself: validated settings hand the same frozen
    // array to every handshake. Its bytes are compared with a copy taken
    // then, since a Uint8Array cannot be frozen (the hash below took
    // several microseconds per handshake).
    const recent = recentKeys.get(settings.ticketKeys);
    if (recent !== undefined && recent.provider === p && recent.keys.cipher === cipher && sameSecrets(recent.secrets, settings.ticketKeys)) {
      return recent.keys;
    }
    const keys = TicketKeys.#byHash(settings.ticketKeys, cipher, p);
    recentKeys.set(settings.ticketKeys, { provider: p, keys, secrets: settings.ticketKeys.map((k) => k.slice()) });
    return keys;
  }

  /** Equal secrets in different arrays (other settings objects, a re-validation), found by a SHA-256 of them, not the secrets. */
  static #byHash(ticketKeys: readonly Uint8Array[], cipher: TicketCipher, p: CryptoProvider): TicketKeys {
    const id = `${cipher}:${toHex(p.hashes.sha256.digest(...ticketKeys.flatMap((k) => [Uint8Array.of(k.length), k])))}`;
    let cache = fixedKeysCache.get(p);
    if (cache === undefined) fixedKeysCache.set(p, (cache = new Map()));
    let keys = cache.get(id);
    if (keys === undefined) {
      keys = new TicketKeys({ keys: ticketKeys, cipher, provider: p });
      if (cache.size >= FIXED_KEYS_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(id, keys);
    }
    return keys;
  }

  /** The key_name that new tickets carry. */
  get currentKeyName(): Uint8Array {
    this.#maybeRotate();
    return Uint8Array.from(this.#keys[0]!.name);
  }

  /** Makes a new current key; the old current becomes the previous, the old previous is forgotten. */
  rotate(): void {
    if (this.#fixed) throw new TLSError('fixed ticket keys (settings.ticketKeys) are rotated by replacing them');
    this.#keys = [this.#generate(), this.#keys[0]!];
  }

  /** Seals `plaintext` under the current key: key_name || iv || ciphertext || tag. */
  seal(plaintext: Uint8Array): Uint8Array {
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
    this.#maybeRotate();
    const key = this.#keys[0]!;
    const iv = this.#provider.random.bytes(IV_LENGTH);
    const header = new Uint8Array(TICKET_KEY_NAME_LENGTH + IV_LENGTH);
    header.set(key.name);
    header.set(iv, TICKET_KEY_NAME_LENGTH);
    const sealed = key.aead.seal(iv, header, plaintext);
    const ticket = new Uint8Array(header.length + sealed.length);
    ticket.set(header);
    ticket.set(sealed, header.length);
    return ticket;
  }

  /** The plaintext of `ticket`, or null if it is not one of ours or was altered. */
  open(ticket: Uint8Array): Uint8Array | null {
    if (!(ticket instanceof Uint8Array)) return null;
    this.#maybeRotate();
    if (ticket.length < TICKET_KEY_NAME_LENGTH + IV_LENGTH + TAG_LENGTH) return null;
    const name = ticket.subarray(0, TICKET_KEY_NAME_LENGTH);
    // Key names are public (they travel in clear), but comparing in
    // constant time costs nothing and avoids the question.
    const key = this.#keys.find((k) => constantTimeEqual(k.name, name));
    if (!key) return null;
    const header = ticket.subarray(0, TICKET_KEY_NAME_LENGTH + IV_LENGTH);
    const iv = ticket.subarray(TICKET_KEY_NAME_LENGTH, header.length);
    return key.aead.open(iv, header, ticket.subarray(header.length));
  }

  #maybeRotate(): void {
    if (!this.#fixed && this.#now() - this.#keys[0]!.created >= this.rotationInterval * 1000) this.rotate();
  }

  #generate(): TicketKey {
    const random = this.#provider.random;
    return {
      name: random.bytes(TICKET_KEY_NAME_LENGTH),
      aead: this.#provider.aeads[this.cipher].key(random.bytes(KEY_LENGTHS[this.cipher])),
      created: this.#now(),
    };
  }

  #derive(secret: Uint8Array, index: number): TicketKey {
    if (!(secret instanceof Uint8Array)) throw new TypeError(`keys[${index}] must be a Uint8Array`);
    if (secret.length !== 16 && secret.length !== 32) throw new RangeError(`keys[${index}] must be 16 or 32 bytes long`);
    // HKDF (RFC 5869) separates the name from the key: the name is
    // public, and must reveal nothing about the key it identifies.
    const prk = hkdfExtract(this.#provider, 'sha256', new Uint8Array(0), secret);
    const expand = (label: string, length: number) => hkdfExpand(this.#provider, 'sha256', prk, encoder.encode(label), length);
    return {
      name: expand('tlslite-ng ticket key name', TICKET_KEY_NAME_LENGTH),
      aead: this.#provider.aeads[this.cipher].key(expand(`tlslite-ng ticket key ${this.cipher}`, KEY_LENGTHS[this.cipher])),
      created: this.#now(),
    };
  }
}

/** A NewSessionTicket's ticket for `session` (RFC 5077 3.3), stamped `created` (ms; default now). */
export function encryptTicket(keys: TicketKeys, session: Session, created: number = Date.now()): Uint8Array {
  return keys.seal(serializeSession(session, created));
}

/**
 * The session inside `ticket` (RFC 5077 3.4), or null when it cannot be
 * used: altered, unknown key, malformed, or older than `lifetime`
 * seconds at `now` (ms). A creation time more than a minute ahead of
 * `now` (a ticket from the future) is refused too.
 */
export function decryptTicket(keys: TicketKeys, ticket: Uint8Array, lifetime: number, now: number = Date.now()): Session | null {
  const plaintext = keys.open(ticket);
  if (!plaintext) return null;
  let state;
  try {
    state = deserializeSession(plaintext);
  } catch (err) {
    // Only a bug of ours (or a changed format) gets here, since the AEAD
    // vouches for the bytes; either way the client falls back to a full handshake.
    if (err instanceof TLSError) return null;
    throw err;
  }
  const age = now - state.created;
  if (age < -60_000 || age >= lifetime * 1000) return null;
  return state.session;
}
