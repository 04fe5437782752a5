/**
 * ClientKeyExchange (RFC 5246 7.4.7, RFC 8422 5.7, RFC 5054 2.8.4).
 *
 *     RSA:     EncryptedPreMasterSecret: public-key-encrypted PreMasterSecret,
 *              i.e. opaque<0..2^16-1> in TLS; in SSLv3 the bare ciphertext
 *              fills the body with no length (RFC 6101 5.6.7; RFC 5246
 *              7.4.7.1 notes the difference)
 *     DH:      opaque dh_Yc<1..2^16-1>         (explicit form only)
 *     ECDH:    opaque point<1..2^8-1>          (ECPoint ecdh_Yc)
 *     SRP:     opaque srp_A<1..2^16-1>
 *
 * The implicit DH/ECDH forms (an empty body, the public value being in
 * a fixed-DH client certificate) belong to key exchanges this library
 * does not implement, so an empty body is a decode_error.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import { TLSUnexpectedMessage } from '../errors.js';
import type { KeyExchangeName } from '../suites.js';
import { isSSL3, type MessageContext } from './context.js';
import type { HandshakeBody } from './message.js';

/** How the exchanged value is encoded. */
type Form = 'rsa' | 'dh' | 'ecdh' | 'srp';

const FORMS: Partial<Record<KeyExchangeName, Form>> = {
  rsa: 'rsa',
  dhe_rsa: 'dh',
  dhe_dsa: 'dh',
  dh_anon: 'dh',
  ecdhe_rsa: 'ecdh',
  ecdhe_ecdsa: 'ecdh',
  ecdh_anon: 'ecdh',
  srp_sha: 'srp',
  srp_sha_rsa: 'srp',
  srp_sha_dss: 'srp',
};

function formOf(keyExchange: KeyExchangeName | undefined): Form {
  const form = keyExchange === undefined ? undefined : FORMS[keyExchange];
  if (!form) throw new TLSUnexpectedMessage(`no ClientKeyExchange in the ${keyExchange ?? 'unknown'} key exchange`);
  return form;
}

export class ClientKeyExchange implements HandshakeBody {
  static readonly handshakeType = HandshakeType.client_key_exchange;
  readonly handshakeType = HandshakeType.client_key_exchange;
  /** The encrypted premaster (RSA), Yc (DH), the point (ECDH) or A (SRP). */
  readonly value: Uint8Array;

  /** `ssl3` selects the SSLv3 RSA form (no length prefix). */
  constructor(
    readonly keyExchange: KeyExchangeName,
    value: Uint8Array,
    readonly ssl3 = false,
  ) {
    if (!FORMS[keyExchange]) throw new RangeError(`the ${keyExchange} key exchange has no ClientKeyExchange`);
    this.value = value.slice();
  }

  static read(p: Parser, ctx: MessageContext): ClientKeyExchange {
    const form = formOf(ctx.keyExchange);
    const kx = ctx.keyExchange!;
    switch (form) {
      case 'rsa':
        if (isSSL3(ctx)) return new ClientKeyExchange(kx, p.rest(), true);
        return new ClientKeyExchange(kx, p.vector16('EncryptedPreMasterSecret'));
      case 'dh':
        return new ClientKeyExchange(kx, p.vector(2, 'dh_Yc', 1));
      case 'ecdh':
        return new ClientKeyExchange(kx, p.vector(1, 'ecdh_Yc', 1));
      case 'srp':
        return new ClientKeyExchange(kx, p.vector(2, 'srp_A', 1));
    }
  }

  write(w: Writer): void {
    switch (formOf(this.keyExchange)) {
      case 'rsa':
        if (this.ssl3) w.bytes(this.value);
        else w.vector16(this.value);
        return;
      case 'ecdh':
        w.vector8(this.value);
        return;
      default:
        w.vector16(this.value);
    }
  }

  toString(): string {
    return `ClientKeyExchange(${this.keyExchange}${this.ssl3 ? ', SSLv3' : ''}, ${this.value.length} bytes)`;
  }
}
