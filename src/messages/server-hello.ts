/**
 * ServerHello (RFC 5246 7.4.1.3, RFC 8446 4.1.3).
 *
 *     struct {
 *         ProtocolVersion server_version;
 *         Random random;
 *         SessionID session_id;
 *         CipherSuite cipher_suite;
 *         CompressionMethod compression_method;
 *         select (extensions_present) {
 *             case false: struct {};
 *             case true:  Extension extensions<0..2^16-1>;
 *         };
 *     } ServerHello;
 *
 * A TLS 1.3 HelloRetryRequest has the same layout with a fixed random
 * (RFC 8446 4.1.3); its extensions are parsed in the
 * hello_retry_request context (key_share then carries a group only).
 * The compression method is kept as sent: the handshake, which knows
 * what was offered, rejects one that was not (RFC 5246 7.4.1.3).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { CipherSuite, HandshakeType, ProtocolVersion } from '../constants.js';
import { fromHex, toHex } from '../crypto/bytes.js';
import { MAX_SESSION_ID_LENGTH, RANDOM_LENGTH, type MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

/** The ServerHello.random that marks a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 4.1.3). */
export const HELLO_RETRY_REQUEST_RANDOM = fromHex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c');

function isHrrRandom(random: Uint8Array): boolean {
  return random.every((b, i) => b === HELLO_RETRY_REQUEST_RANDOM[i]);
}

/** The fields of a ServerHello. */
export interface ServerHelloFields {
  readonly serverVersion: number;
  readonly random: Uint8Array;
  readonly sessionId?: Uint8Array;
  readonly cipherSuite: number;
  readonly compressionMethod?: number;
  /** Undefined: no extension block at all. */
  readonly extensions?: Extensions;
}

export class ServerHello implements HandshakeBody {
  static readonly handshakeType = HandshakeType.server_hello;
  readonly handshakeType = HandshakeType.server_hello;

  readonly serverVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuite: number;
  readonly compressionMethod: number;
  readonly extensions: Extensions | undefined;

  constructor(fields: ServerHelloFields) {
    if (fields.random.length !== RANDOM_LENGTH) throw new RangeError('random must be 32 bytes');
    const sessionId = fields.sessionId ?? new Uint8Array(0);
    if (sessionId.length > MAX_SESSION_ID_LENGTH) throw new RangeError('sessionId must be at most 32 bytes');
    this.serverVersion = fields.serverVersion;
    this.random = fields.random.slice();
    this.sessionId = sessionId.slice();
    this.cipherSuite = fields.cipherSuite;
    this.compressionMethod = fields.compressionMethod ?? 0;
    this.extensions = fields.extensions;
  }

  /** True for a TLS 1.3 HelloRetryRequest (RFC 8446 4.1.3). */
  get isHelloRetryRequest(): boolean {
    return isHrrRandom(this.random);
  }

  static read(p: Parser, ctx: MessageContext = {}): ServerHello {
    const serverVersion = p.u16('server_version');
    const random = p.bytes(RANDOM_LENGTH, 'random');
    const sessionId = p.vector(1, 'session_id', 0, MAX_SESSION_ID_LENGTH);
    const cipherSuite = p.u16('cipher_suite');
    const compressionMethod = p.u8('compression_method');
    const message = isHrrRandom(random) ? 'hello_retry_request' : 'server_hello';
    const extensions = p.atEnd ? undefined : Extensions.read(p, { message, version: ctx.version ?? serverVersion });
    return new ServerHello({ serverVersion, random, sessionId, cipherSuite, compressionMethod, extensions });
  }

  write(w: Writer): void {
    w.u16(this.serverVersion).bytes(this.random).vector8(this.sessionId);
    w.u16(this.cipherSuite).u8(this.compressionMethod);
    this.extensions?.write(w);
  }

  toString(): string {
    const ext = this.extensions === undefined ? 'none' : this.extensions.toString();
    return (
      `${this.isHelloRetryRequest ? 'HelloRetryRequest' : 'ServerHello'}(version=${ProtocolVersion.nameOf(this.serverVersion)}, ` +
      `random=${toHex(this.random)}, session_id=${toHex(this.sessionId)}, ` +
      `cipher_suite=${CipherSuite.nameOf(this.cipherSuite)}, compression=${this.compressionMethod}, extensions=${ext})`
    );
  }
}
