/**
 * TLS 1.3 pre-shared keys (RFC 8446 4.2.11, 4.6.1): tickets the server
 * issues (sealed with the server's rotating `TicketKeys`), external PSKs
 * from `settings.pskConfigs` (identity, secret, hash), the binders that
 * prove possession of each offered PSK, and the obfuscated ticket age.
 *
 * A ticket is the server's own sealed session state (session/ticket.ts):
 * the resumption PSK in `masterSecret`, the suite, SNI, ALPN, the client's
 * chain, and in `sessionID` (a TLS 1.3 session has no ID of its own)
 * `ticket_age_add` (4 bytes) then the max_early_data_size the ticket
 * offered (4 bytes; absent in older tickets: no early data). Its creation time checks the lifetime
 * and the age the client reports.
 *
 * @module
 */
import { ProtocolVersion } from '../constants.js';
import { bytesToBigInt } from '../crypto/bytes.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { TLSError } from '../errors.js';
import type { ClientHello } from '../messages/client-hello.js';
import { PreSharedKeyExtension, truncatedClientHello } from '../messages/extensions/pre-shared-key.js';
import { HandshakeMessage } from '../messages/handshake-message.js';
import type { ValidatedSettings } from '../settings.js';
import { deserializeSession, serializeSession } from '../session/serialize.js';
import { Session } from '../session/session.js';
import type { TicketKeys } from '../session/ticket.js';
import { suiteInfo } from '../suites.js';
import { finishedVerifyData13, KeySchedule13, type Tls13Hash } from './key-schedule13.js';
import type { Ticket13 } from './tls13-shared.js';
import type { Transcript13 } from './transcript13.js';

/** A PSK the client offers. */
export interface OfferedPsk {
  readonly identity: Uint8Array;
  readonly secret: Uint8Array;
  readonly hash: Tls13Hash;
  /** External (settings.pskConfigs) rather than a ticket: "ext binder" vs "res binder". */
  readonly external: boolean;
  readonly obfuscatedAge: number;
  /** The ticket it came from (resumption keeps the original session's facts). */
  readonly ticket?: Ticket13;
}

/** Most a client's view of a ticket's age may differ from ours, ms (RFC 8446 8.3 suggests seconds). */
export const TICKET_AGE_TOLERANCE_MS = 10_000;

/** The PSKs a client can offer: valid tickets of `session` (newest first), then the external PSKs. */
export function pskOffers(settings: ValidatedSettings, session: Session | undefined, now = Date.now()): OfferedPsk[] {
  const out: OfferedPsk[] = [];
  if (session !== undefined && session.version === ProtocolVersion.TLS1_3) {
    const tickets = ((session.tickets ?? []) as Ticket13[]).filter((t) => now - t.receivedAt < t.lifetime * 1000);
    const newest = tickets.at(-1);
    if (newest !== undefined) {
      out.push({
        identity: newest.ticket,
        secret: newest.psk,
        hash: suiteInfo(newest.cipherSuite)!.prfHash,
        external: false,
        // RFC 8446 4.2.11.1: the age in ms plus ticket_age_add, modulo 2^32.
        obfuscatedAge: (now - newest.receivedAt + newest.ageAdd) >>> 0,
        ticket: newest,
      });
    }
  }
  for (const [identity, secret, hash] of settings.pskConfigs) {
    out.push({ identity, secret, hash: hash ?? 'sha256', external: true, obfuscatedAge: 0 });
  }
  return out;
}

/** The binder of a PSK over `transcriptHash` (RFC 8446 4.2.11.2: a Finished with the binder key). */
export function pskBinder(provider: CryptoProvider, psk: { secret: Uint8Array; hash: Tls13Hash; external: boolean }, transcriptHash: Uint8Array): Uint8Array {
  const schedule = new KeySchedule13(provider, psk.hash, psk.secret);
  return finishedVerifyData13(provider, psk.hash, schedule.binderKey(psk.external), transcriptHash);
}

/**
 * Transcript-Hash(`prefix` messages, ClientHello truncated before the
 * binders) with `hash`: what a binder covers. `prefix` (after a
 * HelloRetryRequest) holds message_hash and the HelloRetryRequest.
 */
export function binderTranscriptHash(
  provider: CryptoProvider,
  hash: Tls13Hash,
  helloBytes: Uint8Array,
  psk: PreSharedKeyExtension,
  prefix: Transcript13 | undefined,
): Uint8Array {
  const truncated = truncatedClientHello(helloBytes, psk);
  if (prefix === undefined) return provider.hashes[hash].digest(truncated);
  const t = prefix.copy();
  t.update(truncated);
  return t.digest();
}

/**
 * Builds the ClientHello with the pre_shared_key extension last, binders
 * included: first with zero binders of the right length (the binders are
 * outside what they cover), then with the real ones.
 */
export function helloWithBinders(
  provider: CryptoProvider,
  psks: readonly OfferedPsk[],
  build: (psk: PreSharedKeyExtension) => ClientHello,
  prefix?: Transcript13,
): ClientHello {
  const identities = psks.map((p) => ({ identity: p.identity, obfuscatedTicketAge: p.obfuscatedAge }));
  const draft = new PreSharedKeyExtension(identities, psks.map((p) => new Uint8Array(provider.hashes[p.hash].outputLength)));
  const bytes = HandshakeMessage.of(build(draft)).bytes;
  const binders = psks.map((p) => pskBinder(provider, p, binderTranscriptHash(provider, p.hash, bytes, draft, prefix)));
  return build(new PreSharedKeyExtension(identities, binders));
}

/** A PSK the server accepted. */
export interface AcceptedPsk {
  readonly index: number;
  readonly secret: Uint8Array;
  readonly hash: Tls13Hash;
  readonly external: boolean;
  /** The session in the ticket (undefined for an external PSK). */
  readonly session?: Session;
  /** The max_early_data_size the ticket offered (0 for none, and for external PSKs). */
  readonly maxEarlyData: number;
}

/**
 * The first offered identity the server can use with `hash` (the chosen
 * suite's): one of its tickets, within its lifetime and with a plausible
 * age, or an external PSK of the settings. Unusable identities are
 * skipped (RFC 8446 4.2.11: a full handshake instead), never an error.
 */
export function findPsk(
  hello: ClientHello,
  hash: Tls13Hash,
  settings: ValidatedSettings,
  ticketKeys: TicketKeys | undefined,
  now = Date.now(),
): AcceptedPsk | undefined {
  const offered = hello.extensions?.preSharedKey?.identities ?? [];
  for (let index = 0; index < offered.length; index++) {
    const { identity, obfuscatedTicketAge } = offered[index]!;
    for (const [id, secret, pskHash] of settings.pskConfigs) {
      if ((pskHash ?? 'sha256') === hash && id.length === identity.length && id.every((b, i) => b === identity[i])) {
        return { index, secret, hash, external: true, maxEarlyData: 0 };
      }
    }
    const state = ticketKeys === undefined ? undefined : openTicket13(ticketKeys, identity);
    if (state === undefined) continue;
    const { session, created } = state;
    if (session.version !== ProtocolVersion.TLS1_3 || suiteInfo(session.cipherSuite)?.prfHash !== hash) continue;
    const age = now - created;
    if (age < 0 || age >= settings.ticketLifetime * 1000) continue;
    // RFC 8446 4.2.11.1, 8.3: the client's view of the age, deobfuscated, must be close to ours.
    const ageAdd = Number(bytesToBigInt(session.sessionID.subarray(0, 4)));
    const clientAge = (obfuscatedTicketAge - ageAdd) >>> 0;
    if (Math.abs(clientAge - age) > TICKET_AGE_TOLERANCE_MS) continue;
    const maxEarlyData = session.sessionID.length >= 8 ? Number(bytesToBigInt(session.sessionID.subarray(4, 8))) : 0;
    return { index, secret: session.masterSecret, hash, external: false, session, maxEarlyData };
  }
  return undefined;
}

function openTicket13(keys: TicketKeys, ticket: Uint8Array): { session: Session; created: number } | undefined {
  const plaintext = keys.open(ticket);
  if (!plaintext) return undefined;
  try {
    const state = deserializeSession(plaintext);
    return { session: state.session, created: Number(state.created) };
  } catch (error) {
    // The AEAD vouches for the bytes: only a format change gets here; a full handshake follows.
    if (error instanceof TLSError) return undefined;
    throw error;
  }
}

/** The ticket for a resumption PSK (see the module comment for the layout). */
export function sealTicket13(
  keys: TicketKeys,
  fields: { psk: Uint8Array; ageAdd: number; cipherSuite: number; serverName: string; appProto: Uint8Array; clientCertChain: Session['clientCertChain']; maxEarlyData?: number },
): Uint8Array {
  const age = fields.ageAdd;
  const early = fields.maxEarlyData ?? 0;
  const session = Session.from({
    version: ProtocolVersion.TLS1_3,
    cipherSuite: fields.cipherSuite,
    masterSecret: fields.psk,
    // Uint8Array.of keeps only the low 8 bits of each value.
    sessionID: Uint8Array.of(age >>> 24, age >>> 16, age >>> 8, age, early >>> 24, early >>> 16, early >>> 8, early),
    serverName: fields.serverName,
    appProto: fields.appProto,
    clientCertChain: fields.clientCertChain,
  });
  return keys.seal(serializeSession(session));
}
