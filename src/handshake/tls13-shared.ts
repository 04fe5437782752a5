/**
 * Steps both sides of the TLS 1.3 handshake share: installing traffic
 * keys (RFC 8446 7.3) with their key log lines, the downgrade sentinels
 * (4.1.3), the result a handshake hands to the engine, and the
 * post-handshake messages (NewSessionTicket, KeyUpdate; 4.6).
 *
 * @module
 */
import { HandshakeType, ProtocolVersion } from '../constants.js';
import { fromHex } from '../crypto/bytes.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { TLSUnexpectedMessage } from '../errors.js';
import { HandshakeMessage } from '../messages/handshake-message.js';
import { KeyUpdate } from '../messages/key-update.js';
import { NewSessionTicket } from '../messages/new-session-ticket.js';
import { createProtection, type Tls13PaddingCallback } from '../record/protection/index.js';
import type { CipherSuiteInfo } from '../suites.js';
import type { HandshakeIO } from './io.js';
import type { Commit, PostHandshakeAuthHandler } from './post-handshake-auth13.js';
import { exportKeyingMaterial13, KeySchedule13, nextTrafficSecret, trafficKeys, type Tls13Hash } from './key-schedule13.js';

/** RFC 8446 4.1.3: the last 8 bytes of ServerHello.random from a TLS 1.3 server negotiating TLS 1.2 ... */
export const DOWNGRADE_TLS12 = fromHex('444f574e47524401');
/** ... and TLS 1.1 or below. */
export const DOWNGRADE_TLS11 = fromHex('444f574e47524400');

/** The sentinel a server that supports TLS 1.3 puts in its random when it negotiates `version` (none for 1.3). */
export function downgradeSentinel(version: number): Uint8Array | undefined {
  if (version >= ProtocolVersion.TLS1_3) return undefined;
  return version === ProtocolVersion.TLS1_2 ? DOWNGRADE_TLS12 : DOWNGRADE_TLS11;
}

/** True when `random` ends in either sentinel. */
export function hasDowngradeSentinel(random: Uint8Array): boolean {
  const tail = random.subarray(24);
  return [DOWNGRADE_TLS12, DOWNGRADE_TLS11].some((s) => s.every((b, i) => b === tail[i]));
}

/** The suite's hash as the key schedule names it. */
export function hashOf(suite: CipherSuiteInfo): Tls13Hash {
  return suite.prfHash;
}

/** The TLS 1.3 protection state of one direction from a traffic secret (RFC 8446 7.3). */
export function trafficState(
  provider: CryptoProvider,
  suite: CipherSuiteInfo,
  secret: Uint8Array,
  direction: 'read' | 'write',
  padding?: Tls13PaddingCallback | null,
) {
  const cipher = suite.cipher as 'aes128gcm';
  const keys = trafficKeys(provider, hashOf(suite), secret, provider.aeads[cipher].keyLength);
  return createProtection(provider, ProtocolVersion.TLS1_3, { type: 'aead', cipher }, { macKey: new Uint8Array(0), ...keys }, direction, {
    tls13Padding: padding,
  });
}

/** The key log labels of the traffic secrets (NSS key log format). */
export const KEYLOG = {
  clientEarly: 'CLIENT_EARLY_TRAFFIC_SECRET',
  clientHandshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  serverHandshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  clientTraffic0: 'CLIENT_TRAFFIC_SECRET_0',
  serverTraffic0: 'SERVER_TRAFFIC_SECRET_0',
  exporter: 'EXPORTER_SECRET',
} as const;

/** A TLS 1.3 ticket as the client keeps it (RFC 8446 4.6.1). */
/**
 * After the ServerHello (RFC 8446 7.1): the key schedule with the
 * (EC)DHE secret mixed in, and the handshake traffic secrets of the
 * transcript so far, also reported to the key log. Both sides call it at
 * the same transcript point; it also sets how TLS 1.3 messages parse.
 */
export function handshakeSecrets13(io: HandshakeIO, hash: Tls13Hash, psk: Uint8Array | undefined, shared: Uint8Array | undefined, transcriptHash: Uint8Array) {
  const schedule = new KeySchedule13(io.provider, hash, psk);
  schedule.deriveHandshakeSecret(shared);
  const secrets = schedule.handshakeTrafficSecrets(transcriptHash);
  io.keyLog(KEYLOG.clientHandshake, secrets.client);
  io.keyLog(KEYLOG.serverHandshake, secrets.server);
  io.context = { version: ProtocolVersion.TLS1_3, hashLength: schedule.hashLength };
  return { schedule, ...secrets };
}

/**
 * After the server's Finished (RFC 8446 7.1): the master secret and the
 * application traffic and exporter secrets of the transcript so far, also
 * reported to the key log. Both sides call it at the same transcript point.
 */
export function applicationSecrets13(io: HandshakeIO, schedule: KeySchedule13, transcriptHash: Uint8Array) {
  schedule.deriveMasterSecret();
  const app = schedule.applicationSecrets(transcriptHash);
  io.keyLog(KEYLOG.clientTraffic0, app.client);
  io.keyLog(KEYLOG.serverTraffic0, app.server);
  io.keyLog(KEYLOG.exporter, app.exporter);
  return app;
}

export interface Ticket13 {
  readonly ticket: Uint8Array;
  /** ticket_lifetime, seconds. */
  readonly lifetime: number;
  readonly ageAdd: number;
  /** The resumption PSK derived from the ticket nonce. */
  readonly psk: Uint8Array;
  readonly cipherSuite: number;
  /** Date.now() when it arrived (for obfuscated_ticket_age). */
  readonly receivedAt: number;
  /** max_early_data_size of its early_data extension (RFC 8446 4.6.1); 0: no early data with it. */
  readonly maxEarlyData?: number;
}

/** What the engine needs of a TLS 1.3 connection after the handshake. */
export interface Tls13State {
  readonly hash: Tls13Hash;
  readonly exporterMasterSecret: Uint8Array;
  readonly post: PostHandshake13;
}

/** The post-handshake authentication messages (RFC 8446 4.6.2): CertificateRequest to the client, the answer to the server. */
const PHA_MESSAGES = new Set<number>([HandshakeType.certificate_request, HandshakeType.certificate, HandshakeType.certificate_verify, HandshakeType.finished]);

/** Most KeyUpdates accepted in a row without application data in between (a flood is unexpected_message). */
export const MAX_KEY_UPDATES_IN_A_ROW = 32;

/**
 * The post-handshake side of a TLS 1.3 connection (RFC 8446 4.6): the
 * current application traffic secrets and what to do with
 * NewSessionTicket and KeyUpdate. Synchronous: the engine calls it from
 * its record loop.
 */
export class PostHandshake13 {
  #readSecret: Uint8Array;
  #writeSecret: Uint8Array;
  #updatesInARow = 0;
  /**
   * Post-handshake client authentication (RFC 8446 4.6.2), when the
   * client offered it: the client answers CertificateRequest, the server
   * reads the answers. Without it those messages are unexpected_message.
   */
  pha: PostHandshakeAuthHandler | undefined;

  constructor(
    private readonly io: HandshakeIO,
    private readonly suite: CipherSuiteInfo,
    readonly isClient: boolean,
    readSecret: Uint8Array,
    writeSecret: Uint8Array,
    /** Client: called with each ticket received. */
    private readonly onTicket?: (message: NewSessionTicket) => void,
    /** Record padding of our records (settings.paddingCb). */
    private readonly padding?: Tls13PaddingCallback | null,
  ) {
    this.#readSecret = readSecret;
    this.#writeSecret = writeSecret;
  }

  /** The current client_application_traffic_secret_N (RFC 8446 7.2), the base key of a post-handshake Finished. */
  get clientSecret(): Uint8Array {
    return this.isClient ? this.#writeSecret : this.#readSecret;
  }

  /** The connection ended: post-handshake work in progress is dropped. */
  abort(error: unknown): void {
    this.pha?.abort(error);
  }

  /** Application data arrived: the KeyUpdate flood counter starts again. */
  dataReceived(): void {
    this.#updatesInARow = 0;
  }

  /**
   * A handshake message after the handshake. Clients accept
   * NewSessionTicket, both sides KeyUpdate, and the messages of
   * post-handshake authentication go to `pha` when it was negotiated
   * (its answer may be a promise of a commit, see post-handshake-auth13.ts);
   * anything else is unexpected_message (RFC 8446 4.6; no renegotiation
   * in TLS 1.3).
   */
  handle(raw: Uint8Array): void | Promise<Commit | void> {
    const msgType = raw[0]!;
    const ctx = { version: ProtocolVersion.TLS1_3 };
    if (msgType === HandshakeType.new_session_ticket && this.isClient) {
      const message = HandshakeMessage.parse(raw, ctx).body as NewSessionTicket;
      this.onTicket?.(message);
      return;
    }
    if (msgType === HandshakeType.key_update) {
      const update = HandshakeMessage.parse(raw, ctx).body as KeyUpdate;
      if (++this.#updatesInARow > MAX_KEY_UPDATES_IN_A_ROW) {
        throw new TLSUnexpectedMessage(`more than ${MAX_KEY_UPDATES_IN_A_ROW} KeyUpdates without application data`);
      }
      // RFC 8446 4.6.3: the peer's next records use its next secret.
      this.#readSecret = nextTrafficSecret(this.io.provider, hashOf(this.suite), this.#readSecret);
      this.io.setReadState(trafficState(this.io.provider, this.suite, this.#readSecret, 'read'));
      if (update.updateRequested) this.sendKeyUpdate(false);
      return;
    }
    if (this.pha !== undefined && PHA_MESSAGES.has(msgType)) return this.pha.handle(raw);
    throw new TLSUnexpectedMessage(`${HandshakeType.nameOf(msgType)} after the TLS 1.3 handshake`);
  }

  /** Sends KeyUpdate and switches our write keys (RFC 8446 4.6.3); `requestPeer` asks the peer to update too. */
  sendKeyUpdate(requestPeer: boolean): void {
    this.io.send(new KeyUpdate(requestPeer));
    this.#writeSecret = nextTrafficSecret(this.io.provider, hashOf(this.suite), this.#writeSecret);
    this.io.setWriteState(trafficState(this.io.provider, this.suite, this.#writeSecret, 'write', this.padding));
  }
}

/** The TLS 1.3 exporter over a connection's state (RFC 8446 7.5). */
export function export13(provider: CryptoProvider, state: Tls13State, label: string | Uint8Array, context: Uint8Array | undefined, length: number): Uint8Array {
  return exportKeyingMaterial13(provider, state.hash, state.exporterMasterSecret, label, context, length);
}
