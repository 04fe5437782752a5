/**
 * Server-side session caches for resumption by session ID (RFC 5246
 * 7.4.1.2): the `SessionStore` contract a server handshake uses, and
 * `SessionCache`, the seed's in-memory cache (maxEntries, maxAge).
 *
 * Concurrency: Node runs handshakes concurrently on one thread, so each
 * `SessionCache` call runs to completion before any other handshake
 * touches the cache; nothing is held across an `await`. A store backed
 * by something shared (Redis, a database) implements `SessionStore` with
 * promises; the handshake awaits whatever `get`/`set` return. Such a
 * store can use `serializeSession` / `deserializeSession`.
 *
 * @module
 */
import { toHex } from '../crypto/bytes.js';
import { Session } from './session.js';

/** A value or a promise of it: stores may be synchronous or not. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * What a server handshake needs from a session cache. `get` returns only
 * sessions that may be resumed (valid and unexpired); it must not throw
 * for an ID from the network that is merely unknown or odd-sized.
 */
export interface SessionStore {
  get(sessionID: Uint8Array): MaybePromise<Session | undefined>;
  set(sessionID: Uint8Array, session: Session): MaybePromise<void>;
  /** Forgets a session (e.g. after a fatal alert, RFC 5246 7.2.2). */
  delete?(sessionID: Uint8Array): MaybePromise<void>;
}

/** Options of `SessionCache` beyond the seed's two arguments. */
export interface SessionCacheOptions {
  /** The clock, in milliseconds (tests pass a fake one). Default `Date.now`. */
  readonly now?: () => number;
}

// RFC 5246 7.4.1.2: opaque SessionID<0..32>.
const MAX_SESSION_ID = 32;

/**
 * The seed's `SessionCache(maxEntries=10000, maxAge=14400)`: at most
 * `maxEntries` sessions, each forgotten `maxAge` seconds after it was
 * stored; when full, the oldest goes. It returns the very Session objects
 * it was given, so a later `resumable = false` on the connection's session
 * takes effect here too (the seed relies on this).
 */
export class SessionCache implements SessionStore {
  readonly maxEntries: number;
  /** Seconds. */
  readonly maxAge: number;
  readonly #now: () => number;
  // Map iteration order is insertion order, and every insertion is "now",
  // so the first entries are always the oldest (the seed's circular list).
  readonly #entries = new Map<string, { session: Session; stored: number }>();

  constructor(maxEntries = 10000, maxAge = 14400, options: SessionCacheOptions = {}) {
    if (typeof maxEntries !== 'number' || !Number.isSafeInteger(maxEntries)) throw new TypeError('maxEntries must be an integer');
    if (maxEntries < 1) throw new RangeError('maxEntries must be at least 1');
    if (typeof maxAge !== 'number' || Number.isNaN(maxAge)) throw new TypeError('maxAge must be a number of seconds');
    if (maxAge <= 0) throw new RangeError('maxAge must be positive');
    this.maxEntries = maxEntries;
    this.maxAge = maxAge;
    this.#now = options.now ?? Date.now;
  }

  /** The number of sessions held (expired ones included until the next purge). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The session stored under `sessionID` if it is unexpired and still
   * valid (the seed's `cache[sessionID]`, which raises KeyError where this
   * returns undefined). Any byte string is accepted: it may come from the peer.
   */
  get(sessionID: Uint8Array): Session | undefined {
    if (!(sessionID instanceof Uint8Array)) throw new TypeError('sessionID must be a Uint8Array');
    this.#purge();
    if (sessionID.length === 0 || sessionID.length > MAX_SESSION_ID) return undefined;
    const entry = this.#entries.get(toHex(sessionID));
    // A session can be invalidated after it was stored (a fatal alert
    // makes it non-resumable), so validity is checked on the way out.
    return entry && entry.session.valid() ? entry.session : undefined;
  }

  /** Whether `get(sessionID)` would return a session. */
  has(sessionID: Uint8Array): boolean {
    return this.get(sessionID) !== undefined;
  }

  /**
   * Stores `session` under `sessionID` (the seed's `cache[sessionID] = session`),
   * replacing and refreshing an entry with the same ID; evicts the oldest
   * when full.
   */
  set(sessionID: Uint8Array, session: Session): void {
    if (!(sessionID instanceof Uint8Array)) throw new TypeError('sessionID must be a Uint8Array');
    if (sessionID.length === 0 || sessionID.length > MAX_SESSION_ID) throw new RangeError('sessionID must be 1 to 32 bytes (RFC 5246 7.4.1.2)');
    if (!(session instanceof Session)) throw new TypeError('session must be a Session');
    const key = toHex(sessionID);
    this.#entries.delete(key); // re-inserted at the end: it is now the newest
    this.#entries.set(key, { session, stored: this.#now() });
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  /** Forgets the session stored under `sessionID`, if any. */
  delete(sessionID: Uint8Array): void {
    if (!(sessionID instanceof Uint8Array)) throw new TypeError('sessionID must be a Uint8Array');
    this.#entries.delete(toHex(sessionID));
  }

  /** Forgets every session. */
  clear(): void {
    this.#entries.clear();
  }

  /** Drops expired entries from the front, stopping at the first live one (all later ones are newer). */
  #purge(): void {
    const oldestAllowed = this.#now() - this.maxAge * 1000;
    for (const [key, entry] of this.#entries) {
      if (entry.stored >= oldestAllowed) break;
      this.#entries.delete(key);
    }
  }
}
