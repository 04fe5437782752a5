/**
 * A session as bytes: what a session ticket encrypts (the StatePlaintext
 * of RFC 5077 4, in our own layout) and what an external `SessionStore`
 * can keep. TLS 1.2-and-earlier state only: version, suite, master
 * secret, the negotiated extensions that resumption must repeat (EMS,
 * encrypt-then-MAC, ALPN, SNI), identities and certificate chains.
 *
 * Layout (TLS presentation language, written with the codec):
 *
 *     uint8  format = 1;
 *     uint64 created;                 // ms since the epoch
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     uint8  flags;                   // 1 EMS, 2 encrypt-then-MAC, 4 resumable
 *     uint8  ec_point_format;
 *     opaque master_secret<0..48>;
 *     opaque session_id<0..32>;
 *     opaque server_name<0..2^16-1>;  // UTF-8
 *     opaque app_proto<0..255>;
 *     opaque srp_username<0..2^16-1>; // UTF-8
 *     ASN.1Cert client_chain<0..2^24-1>;  // as in a Certificate message
 *     ASN.1Cert server_chain<0..2^24-1>;
 *
 * @module
 */
import { Parser } from '../codec/index.js';
import { encode } from '../codec/encode.js';
import { TLSDecodeError } from '../errors.js';
import { X509CertChain } from '../x509/cert-chain.js';
import { Session } from './session.js';

const FORMAT = 1;
const FLAG_EMS = 1;
const FLAG_ETM = 2;
const FLAG_RESUMABLE = 4;

/** A deserialized session and when it was created. */
export interface SerializedSessionState {
  readonly session: Session;
  /** Creation time, ms since the epoch. */
  readonly created: number;
}

/** Stateless between calls (no streaming), so one of each serves every ticket. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** `session` as bytes, stamped with `created` (ms; default now). */
export function serializeSession(session: Session, created: number = Date.now()): Uint8Array {
  if (!(session instanceof Session)) throw new TypeError('session must be a Session');
  if (!Number.isSafeInteger(created) || created < 0) throw new RangeError('created must be a non-negative integer (ms)');
  if (session.masterSecret.length > 48) throw new RangeError('masterSecret is longer than 48 bytes');
  if (session.sessionID.length > 32) throw new RangeError('sessionID is longer than 32 bytes');
  return encode((w) => {
    w.u8(FORMAT)
      .u64(BigInt(created))
      .u16(session.version)
      .u16(session.cipherSuite)
      .u8((session.extendedMasterSecret ? FLAG_EMS : 0) | (session.encryptThenMAC ? FLAG_ETM : 0) | (session.resumable ? FLAG_RESUMABLE : 0))
      .u8(session.ecPointFormat)
      .vector8(session.masterSecret)
      .vector8(session.sessionID)
      .vector16(utf8Encoder.encode(session.serverName))
      .vector8(session.appProto)
      .vector16(utf8Encoder.encode(session.srpUsername));
    for (const chain of [session.clientCertChain, session.serverCertChain]) {
      w.prefixed(3, (inner) => {
        for (const der of chain?.toDERList() ?? []) inner.vector24(der);
      });
    }
  });
}

/**
 * Reads what `serializeSession` wrote.
 * @throws TLSDecodeError for anything malformed (X509Error, a
 *   TLSBadCertificate, for a certificate that cannot be read).
 */
export function deserializeSession(bytes: Uint8Array): SerializedSessionState {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const p = new Parser(bytes);
  const format = p.u8('format');
  if (format !== FORMAT) throw new TLSDecodeError(`session state: unknown format ${format}`);
  const created = p.u64('created');
  if (created > BigInt(Number.MAX_SAFE_INTEGER)) throw new TLSDecodeError('session state: creation time out of range');
  const session = new Session();
  session.version = p.u16('version');
  session.cipherSuite = p.u16('cipher_suite');
  const flags = p.u8('flags');
  if (flags & ~(FLAG_EMS | FLAG_ETM | FLAG_RESUMABLE)) throw new TLSDecodeError('session state: unknown flags');
  session.extendedMasterSecret = (flags & FLAG_EMS) !== 0;
  session.encryptThenMAC = (flags & FLAG_ETM) !== 0;
  session.resumable = (flags & FLAG_RESUMABLE) !== 0;
  session.ecPointFormat = p.u8('ec_point_format');
  session.masterSecret = p.vector(1, 'master_secret', 0, 48).slice();
  session.sessionID = p.vector(1, 'session_id', 0, 32).slice();
  try {
    session.serverName = utf8Decoder.decode(p.vector16('server_name'));
    session.appProto = p.vector8('app_proto').slice();
    session.srpUsername = utf8Decoder.decode(p.vector16('srp_username'));
  } catch (err) {
    if (err instanceof TypeError) throw new TLSDecodeError('session state: invalid UTF-8');
    throw err;
  }
  const chains: (X509CertChain | null)[] = [];
  for (const what of ['client_chain', 'server_chain']) {
    const ders = p.items(3, (q) => q.vector(3, 'ASN.1Cert', 1), what);
    chains.push(ders.length ? X509CertChain.fromDER(ders) : null);
  }
  [session.clientCertChain, session.serverCertChain] = chains as [X509CertChain | null, X509CertChain | null];
  p.end('session state');
  return { session, created: Number(created) };
}
