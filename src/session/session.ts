/**
 * `Session`: what a handshake leaves behind and what resumption needs
 * (the seed's `tlslite.session.Session`), and `Ticket`, a TLS 1.2 session
 * ticket as the client keeps it (the seed's `tlslite.session.Ticket`).
 *
 * A connection has a session; a new full handshake creates one, an
 * abbreviated handshake (RFC 5246 7.3) reuses one. The fields keep the
 * seed's names in camelCase.
 *
 * @module
 */
import { canonicalCipherName, canonicalMacName } from '../suites.js';
import type { X509CertChain } from '../x509/cert-chain.js';

/**
 * A session ticket received in a NewSessionTicket (RFC 5077 3.3), with
 * what the client needs to resume with it.
 */
export class Ticket {
  /** The opaque ticket. */
  readonly ticket: Uint8Array;
  /** ticket_lifetime_hint in seconds (0: unspecified, RFC 5077 3.3). */
  readonly ticketLifetime: number;
  readonly masterSecret: Uint8Array;
  readonly cipherSuite: number;
  /** When it was received, in milliseconds since the epoch. */
  readonly timeReceived: number;

  constructor(ticket: Uint8Array, ticketLifetime: number, masterSecret: Uint8Array, cipherSuite: number, timeReceived: number = Date.now()) {
    this.ticket = ticket;
    this.ticketLifetime = ticketLifetime;
    this.masterSecret = masterSecret;
    this.cipherSuite = cipherSuite;
    this.timeReceived = timeReceived;
  }

  /** Whether its lifetime has not yet run out at `now` (ms). */
  valid(now: number = Date.now()): boolean {
    return now < this.timeReceived + this.ticketLifetime * 1000;
  }
}

/** Every field of a Session; `create()` takes any subset. */
export interface SessionFields {
  /** The 48-byte master secret (TLS 1.2 and earlier). */
  masterSecret: Uint8Array;
  /** The session ID (0 to 32 bytes, RFC 5246 7.4.1.2); empty when the server gave none. */
  sessionID: Uint8Array;
  cipherSuite: number;
  /** The negotiated protocol version (wire value); 0 if not yet known. */
  version: number;
  /** The client's SRP username, "" if none. */
  srpUsername: string;
  clientCertChain: X509CertChain | null;
  serverCertChain: X509CertChain | null;
  /** TACK extension (never negotiated by this library; kept for the seed's API). */
  tackExt: unknown;
  tackInHelloExt: boolean;
  /** The server name the client asked for (SNI), "" if none. */
  serverName: string;
  resumable: boolean;
  /** CBC in encrypt-then-MAC mode (RFC 7366). */
  encryptThenMAC: boolean;
  /** Master secret computed as in RFC 7627. */
  extendedMasterSecret: boolean;
  /** The negotiated ALPN (or NPN) protocol, empty if none. */
  appProto: Uint8Array;
  // TLS 1.3 secrets (the seed's cl_app_secret, ...), empty below TLS 1.3.
  clAppSecret: Uint8Array;
  srAppSecret: Uint8Array;
  exporterMasterSecret: Uint8Array;
  resumptionMasterSecret: Uint8Array;
  clHandshakeTrafficSecret: Uint8Array;
  srHandshakeTrafficSecret: Uint8Array;
  /** TLS 1.3 tickets received (shared by reference between clones, as in the seed). */
  tickets: unknown[] | null;
  /** TLS 1.2 and earlier tickets received (the seed's tls_1_0_tickets). */
  tls10Tickets: Ticket[] | null;
  /** The EC point format used in the ECDH exchange (the seed's ec_point_format; 0 = uncompressed). */
  ecPointFormat: number;
}

/**
 * The default of every byte field: one shared empty array (frozen, so
 * nothing can be attached to it), since a session is made per
 * connection and per ticket and fresh empties were a tenth of that cost.
 */
const EMPTY = Object.freeze(new Uint8Array(0)) as Uint8Array;

/** A TLS session (the seed's `Session`). */
export class Session implements SessionFields {
  masterSecret = EMPTY;
  sessionID = EMPTY;
  cipherSuite = 0;
  version = 0;
  srpUsername = '';
  clientCertChain: X509CertChain | null = null;
  serverCertChain: X509CertChain | null = null;
  tackExt: unknown = null;
  tackInHelloExt = false;
  serverName = '';
  resumable = false;
  encryptThenMAC = false;
  extendedMasterSecret = false;
  appProto = EMPTY;
  clAppSecret = EMPTY;
  srAppSecret = EMPTY;
  exporterMasterSecret = EMPTY;
  resumptionMasterSecret = EMPTY;
  clHandshakeTrafficSecret = EMPTY;
  srHandshakeTrafficSecret = EMPTY;
  tickets: unknown[] | null = null;
  tls10Tickets: Ticket[] | null = null;
  ecPointFormat = 0;

  /**
   * Sets every field: those in `fields`, the rest back to their defaults
   * except `resumable`, which defaults to true here (the seed's
   * `create(...)`, with named instead of positional arguments).
   */
  create(fields: Partial<SessionFields>): this {
    return Object.assign(this, Session.from(fields));
  }

  /** A new session with `fields` set (as `new Session().create(fields)`, without the copy). */
  static from(fields: Partial<SessionFields>): Session {
    if (fields === null || typeof fields !== 'object') throw new TypeError('fields must be an object');
    const session = new Session();
    session.resumable = true;
    for (const key of Object.keys(fields)) {
      if (!Object.prototype.hasOwnProperty.call(session, key)) throw new TypeError(`Session.create: unknown field ${JSON.stringify(key)}`);
      const value = (fields as Record<string, unknown>)[key];
      if (value !== undefined) (session as unknown as Record<string, unknown>)[key] = value;
    }
    return session;
  }

  /**
   * A shallow copy (the seed's `_clone`): byte fields and chains are
   * shared; so are the ticket lists, on purpose, so tickets received on a
   * resumed connection reach the session it came from.
   */
  clone(): Session {
    return Object.assign(new Session(), this);
  }

  /** Whether it can be used for resumption: resumable, and with a session ID or a ticket. */
  valid(): boolean {
    return this.resumable && (this.sessionID.length > 0 || (this.tickets?.length ?? 0) > 0 || (this.tls10Tickets?.length ?? 0) > 0);
  }

  /**
   * The seed's `_setResumable`: false always sticks; true only when there
   * is a session ID to resume by.
   */
  setResumable(resumable: boolean): void {
    if (!resumable || this.sessionID.length > 0) this.resumable = resumable;
  }

  /** The seed's canonical cipher name ("aes128gcm", ...) of the suite, undefined if unknown. */
  getCipherName(): string | undefined {
    return canonicalCipherName(this.cipherSuite);
  }

  /** The HMAC name ("sha", "sha256", ...), undefined for AEAD suites. */
  getMacName(): string | undefined {
    return canonicalMacName(this.cipherSuite);
  }
}
