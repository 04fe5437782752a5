/**
 * ClientHello (RFC 5246 7.4.1.2, RFC 8446 4.1.2), and the SSLv2-compatible
 * CLIENT-HELLO that old clients send to reach a TLS server (RFC 5246 E.2).
 *
 *     struct {
 *         ProtocolVersion client_version;
 *         Random random;
 *         SessionID session_id;                                  opaque<0..32>
 *         CipherSuite cipher_suites<2..2^16-2>;
 *         CompressionMethod compression_methods<1..2^8-1>;
 *         select (extensions_present) {
 *             case false: struct {};
 *             case true:  Extension extensions<0..2^16-1>;
 *         };
 *     } ClientHello;
 *
 * The extension block may be absent (SSLv3 and TLS 1.0 clients; RFC 5246
 * 7.4.1.2: "the presence of extensions can be detected by determining
 * whether there are bytes following the compression_methods"); that is
 * kept apart from an empty block so the message re-serializes exactly.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { CipherSuite, HandshakeType, ProtocolVersion } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { TLSDecodeError, TLSIllegalParameterException } from '../errors.js';
import { MAX_SESSION_ID_LENGTH, RANDOM_LENGTH, type MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

/** CompressionMethod.null (RFC 5246 7.4.1.2). */
export const COMPRESSION_NULL = 0;

/** The fields of a ClientHello. */
export interface ClientHelloFields {
  readonly clientVersion: number;
  readonly random: Uint8Array;
  readonly sessionId?: Uint8Array;
  readonly cipherSuites: readonly number[];
  readonly compressionMethods?: readonly number[];
  /** Undefined: no extension block at all. */
  readonly extensions?: Extensions;
}

export class ClientHello implements HandshakeBody {
  static readonly handshakeType = HandshakeType.client_hello;
  readonly handshakeType = HandshakeType.client_hello;

  readonly clientVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  /**
   * The offered suites. From an SSLv2 CLIENT-HELLO these are the 3-byte
   * CIPHER-KINDs: TLS suites appear as their 16-bit value (first byte 0),
   * SSLv2 kinds as 24-bit values (`CipherSuite.SSL_CK_*`).
   */
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: readonly number[];
  readonly extensions: Extensions | undefined;
  /** True when this came from an SSLv2-compatible CLIENT-HELLO (RFC 5246 E.2). */
  readonly ssl2: boolean;
  /** The SSLv2 challenge (16 to 32 bytes), when `ssl2`. */
  readonly challenge: Uint8Array | undefined;

  constructor(fields: ClientHelloFields, ssl2?: { challenge: Uint8Array }) {
    if (fields.random.length !== RANDOM_LENGTH) throw new RangeError('random must be 32 bytes');
    const sessionId = fields.sessionId ?? new Uint8Array(0);
    if (sessionId.length > MAX_SESSION_ID_LENGTH) throw new RangeError('sessionId must be at most 32 bytes');
    this.clientVersion = fields.clientVersion;
    this.random = fields.random.slice();
    this.sessionId = sessionId.slice();
    this.cipherSuites = [...fields.cipherSuites];
    this.compressionMethods = [...(fields.compressionMethods ?? [COMPRESSION_NULL])];
    this.extensions = fields.extensions;
    this.ssl2 = ssl2 !== undefined;
    this.challenge = ssl2?.challenge.slice();
  }

  static read(p: Parser, ctx: MessageContext = {}): ClientHello {
    const clientVersion = p.u16('client_version');
    const random = p.bytes(RANDOM_LENGTH, 'random');
    const sessionId = p.vector(1, 'session_id', 0, MAX_SESSION_ID_LENGTH);
    const cipherSuites = p.u16List(2, 'cipher_suites', 2, 0xfffe);
    const compressionMethods = p.u8List(1, 'compression_methods', 1);
    // RFC 5246 7.4.1.2: the list "MUST contain ... CompressionMethod.null".
    // The alert is not named there; RFC 8446 4.1.2 names illegal_parameter
    // for a bad legacy_compression_methods, and we use it for every version.
    if (!compressionMethods.includes(COMPRESSION_NULL)) {
      throw new TLSIllegalParameterException('ClientHello: compression_methods lacks null');
    }
    const extensions = p.atEnd ? undefined : Extensions.read(p, { message: 'client_hello', version: ctx.version ?? clientVersion });
    return new ClientHello({ clientVersion, random, sessionId, cipherSuites, compressionMethods, extensions });
  }

  /**
   * Reads an SSLv2-compatible CLIENT-HELLO from the body of an SSLv2
   * record (the bytes after the 2-byte record header, starting with
   * msg_type), RFC 5246 E.2:
   *
   *     uint8 msg_type;                 (1)
   *     Version version;
   *     uint16 cipher_spec_length;      (a multiple of 3)
   *     uint16 session_id_length;       (0 or 16)
   *     uint16 challenge_length;        (16..32)
   *     V2CipherSpec cipher_specs[cipher_spec_length];
   *     opaque session_id[session_id_length];
   *     opaque challenge[challenge_length];
   *
   * The result is an ordinary ClientHello with `ssl2` set: the random is
   * the challenge right-aligned with leading zeros ("the challenge ... is
   * used as the ClientHello.random", zero-padded on the left, RFC 5246
   * E.2 / RFC 6101 E.1), no extensions, null compression.
   */
  static readSSLv2(p: Parser): ClientHello {
    const msgType = p.u8('msg_type');
    if (msgType !== 1) throw new TLSDecodeError(`SSLv2 record carries message type ${msgType}, not CLIENT-HELLO`);
    const clientVersion = p.u16('version');
    const cipherSpecLength = p.u16('cipher_spec_length');
    const sessionIdLength = p.u16('session_id_length');
    const challengeLength = p.u16('challenge_length');
    if (cipherSpecLength === 0 || cipherSpecLength % 3 !== 0) {
      throw new TLSDecodeError(`SSLv2 cipher_spec_length ${cipherSpecLength} is not a non-zero multiple of 3`);
    }
    if (sessionIdLength !== 0 && sessionIdLength !== 16) {
      throw new TLSDecodeError(`SSLv2 session_id_length ${sessionIdLength} is neither 0 nor 16`);
    }
    if (challengeLength < 16 || challengeLength > RANDOM_LENGTH) {
      throw new TLSDecodeError(`SSLv2 challenge_length ${challengeLength} outside 16..32`);
    }
    const specs = p.fixed(cipherSpecLength, 'cipher_specs');
    const cipherSuites: number[] = [];
    while (!specs.atEnd) cipherSuites.push((specs.u8() << 16) | specs.u16());
    const sessionId = p.bytes(sessionIdLength, 'session_id');
    const challenge = p.bytes(challengeLength, 'challenge');
    const random = new Uint8Array(RANDOM_LENGTH);
    random.set(challenge, RANDOM_LENGTH - challenge.length);
    return new ClientHello(
      { clientVersion, random, sessionId, cipherSuites, compressionMethods: [COMPRESSION_NULL] },
      { challenge },
    );
  }

  write(w: Writer): void {
    w.u16(this.clientVersion).bytes(this.random).vector8(this.sessionId);
    w.u16List(2, this.cipherSuites).u8List(1, this.compressionMethods);
    this.extensions?.write(w);
  }

  /** Writes the SSLv2 CLIENT-HELLO body (msg_type onwards), for an `ssl2` hello. */
  writeSSLv2(w: Writer): void {
    if (!this.challenge) throw new RangeError('not an SSLv2 ClientHello');
    w.u8(1).u16(this.clientVersion).u16(this.cipherSuites.length * 3).u16(this.sessionId.length);
    w.u16(this.challenge.length);
    for (const s of this.cipherSuites) w.u8(s >>> 16).u16(s & 0xffff);
    w.bytes(this.sessionId).bytes(this.challenge);
  }

  toString(): string {
    const suites = this.cipherSuites.map((s) => CipherSuite.nameOf(s)).join(', ');
    const ext = this.extensions === undefined ? 'none' : this.extensions.toString();
    return (
      `ClientHello(${this.ssl2 ? 'SSLv2-compatible, ' : ''}version=${ProtocolVersion.nameOf(this.clientVersion)}, ` +
      `random=${toHex(this.random)}, session_id=${toHex(this.sessionId)}, cipher_suites=[${suites}], ` +
      `compression=[${this.compressionMethods.join(', ')}], extensions=${ext})`
    );
  }
}
