/**
 * CertificateVerify (RFC 5246 7.4.8, RFC 8446 4.4.3): one DigitallySigned,
 * with the algorithm field from TLS 1.2 on, bare in TLS 1.0/1.1 and SSLv3
 * (RFC 6101 5.6.8 encodes the signature the same way, 2-byte length first).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import { atLeastTLS12, type MessageContext } from './context.js';
import { DigitallySigned } from './digitally-signed.js';
import type { HandshakeBody } from './message.js';

export class CertificateVerify implements HandshakeBody {
  static readonly handshakeType = HandshakeType.certificate_verify;
  readonly handshakeType = HandshakeType.certificate_verify;

  constructor(readonly signed: DigitallySigned) {}

  /** The signature scheme (TLS 1.2+), or undefined. */
  get algorithm(): number | undefined {
    return this.signed.algorithm;
  }

  get signature(): Uint8Array {
    return this.signed.signature;
  }

  static read(p: Parser, ctx: MessageContext = {}): CertificateVerify {
    return new CertificateVerify(DigitallySigned.read(p, atLeastTLS12(ctx)));
  }

  write(w: Writer): void {
    this.signed.write(w);
  }

  toString(): string {
    return `CertificateVerify(${this.signed})`;
  }
}
