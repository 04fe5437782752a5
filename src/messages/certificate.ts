/**
 * Certificate.
 *
 * TLS 1.2 and earlier (RFC 5246 7.4.2):
 *
 *     opaque ASN.1Cert<1..2^24-1>;
 *     struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 *
 * TLS 1.3 (RFC 8446 4.4.2), chosen by `ctx.version`:
 *
 *     struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; } CertificateEntry;
 *     struct { opaque certificate_request_context<0..2^8-1>;
 *              CertificateEntry certificate_list<0..2^24-1>; } Certificate;
 *
 * Certificates stay DER bytes here; X.509 parsing is `src/x509`'s job.
 * An empty list is syntactically fine (a client without a certificate).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { isTLS13, type MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

/** One certificate with its TLS 1.3 extensions (undefined in the TLS 1.2 form). */
export interface CertificateEntry {
  readonly certData: Uint8Array;
  readonly extensions?: Extensions;
}

export class Certificate implements HandshakeBody {
  static readonly handshakeType = HandshakeType.certificate;
  readonly handshakeType = HandshakeType.certificate;

  readonly entries: readonly CertificateEntry[];
  /** TLS 1.3 only (RFC 8446 4.4.2); undefined marks the TLS 1.2 form. */
  readonly certificateRequestContext: Uint8Array | undefined;

  constructor(entries: ReadonlyArray<CertificateEntry | Uint8Array>, certificateRequestContext?: Uint8Array) {
    this.entries = entries.map((e) => (e instanceof Uint8Array ? { certData: e } : e));
    this.certificateRequestContext = certificateRequestContext?.slice();
  }

  /** The DER certificates, leaf first. */
  get certificates(): Uint8Array[] {
    return this.entries.map((e) => e.certData);
  }

  static read(p: Parser, ctx: MessageContext = {}): Certificate {
    if (isTLS13(ctx)) {
      const context = p.vector8('certificate_request_context');
      const entries = p.items(
        3,
        (q) => ({
          certData: q.vector(3, 'cert_data', 1).slice(),
          extensions: Extensions.read(q, { message: 'certificate', version: ctx.version }),
        }),
        'certificate_list',
      );
      return new Certificate(entries, context);
    }
    return new Certificate(p.items(3, (q) => q.vector(3, 'ASN.1Cert', 1).slice(), 'certificate_list'));
  }

  write(w: Writer): void {
    const tls13 = this.certificateRequestContext !== undefined;
    if (tls13) w.vector8(this.certificateRequestContext!);
    w.prefixed(3, (w) => {
      for (const e of this.entries) {
        w.vector24(e.certData);
        if (tls13) (e.extensions ?? Extensions.of([])).write(w);
      }
    });
  }

  toString(): string {
    const ctx = this.certificateRequestContext === undefined ? '' : `context=${toHex(this.certificateRequestContext)}, `;
    return `Certificate(${ctx}${this.entries.map((e) => `${e.certData.length} bytes`).join(', ')})`;
  }
}
