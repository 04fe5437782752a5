/**
 * ServerKeyExchange (RFC 5246 7.4.3, RFC 8422 5.4, RFC 5054 2.8.3).
 *
 * The body cannot be split into fields without knowing the key exchange
 * (`ctx.keyExchange`) and, for the signature, the version (`ctx.version`).
 *
 *     ServerDHParams:  opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>;
 *     ServerECDHParams: ECParameters curve_params; ECPoint public;
 *         ECParameters: ECCurveType curve_type (3 = named_curve); NamedCurve namedcurve;
 *         ECPoint:      opaque point<1..2^8-1>;
 *     ServerSRPParams: opaque srp_N<1..2^16-1>; opaque srp_g<1..2^16-1>;
 *                      opaque srp_s<1..2^8-1>; opaque srp_B<1..2^16-1>;
 *
 * followed, for the authenticated key exchanges, by a DigitallySigned
 * (with the SignatureAndHashAlgorithm in TLS 1.2, bare before). The
 * anonymous forms (dh_anon, ecdh_anon, srp_sha) carry no signature.
 * Explicit curves are refused with illegal_parameter: RFC 8422 5.4
 * deprecates them, and a server "MUST" use named_curve (RFC 8422 5.4,
 * 5.1.1: explicit_prime/char2 "MUST NOT" be used). A key exchange that
 * has no ServerKeyExchange (RSA, static DH/ECDH, TLS 1.3) makes the
 * message unexpected (RFC 5246 7.4.3).
 *
 * Values stay big-endian byte strings, as received: the key exchange
 * converts and validates them (e.g. 1 < Ys < p-1).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { encode } from './encode.js';
import { ECCurveType, GroupName, HandshakeType } from '../constants.js';
import { TLSIllegalParameterException, TLSUnexpectedMessage } from '../errors.js';
import type { KeyExchangeName } from '../suites.js';
import { atLeastTLS12, type MessageContext } from './context.js';
import { DigitallySigned } from './digitally-signed.js';
import type { HandshakeBody } from './message.js';

/** Finite-field DH parameters and the server's public value. */
export interface DHParams {
  readonly kind: 'dh';
  readonly p: Uint8Array;
  readonly g: Uint8Array;
  readonly ys: Uint8Array;
}

/** A named curve and the server's public point (RFC 8422 5.4). */
export interface ECDHParams {
  readonly kind: 'ecdh';
  readonly namedCurve: number;
  readonly point: Uint8Array;
}

/** SRP group, salt and the server's public value B (RFC 5054 2.8.3). */
export interface SRPParams {
  readonly kind: 'srp';
  readonly n: Uint8Array;
  readonly g: Uint8Array;
  readonly s: Uint8Array;
  readonly b: Uint8Array;
}

export type KeyExchangeParams = DHParams | ECDHParams | SRPParams;

type ParamKind = KeyExchangeParams['kind'];

/** For each key exchange with a ServerKeyExchange: its parameter kind and whether it is signed. */
const FORMS: Partial<Record<KeyExchangeName, { kind: ParamKind; signed: boolean }>> = {
  dhe_rsa: { kind: 'dh', signed: true },
  dhe_dsa: { kind: 'dh', signed: true },
  dh_anon: { kind: 'dh', signed: false },
  ecdhe_rsa: { kind: 'ecdh', signed: true },
  ecdhe_ecdsa: { kind: 'ecdh', signed: true },
  ecdh_anon: { kind: 'ecdh', signed: false },
  srp_sha: { kind: 'srp', signed: false },
  srp_sha_rsa: { kind: 'srp', signed: true },
  srp_sha_dss: { kind: 'srp', signed: true },
};

function formOf(keyExchange: KeyExchangeName | undefined): { kind: ParamKind; signed: boolean } {
  const form = keyExchange === undefined ? undefined : FORMS[keyExchange];
  if (!form) throw new TLSUnexpectedMessage(`no ServerKeyExchange in the ${keyExchange ?? 'unknown'} key exchange`);
  return form;
}

function readParams(p: Parser, kind: ParamKind): KeyExchangeParams {
  switch (kind) {
    case 'dh':
      return {
        kind,
        p: p.vector(2, 'dh_p', 1).slice(),
        g: p.vector(2, 'dh_g', 1).slice(),
        ys: p.vector(2, 'dh_Ys', 1).slice(),
      };
    case 'ecdh': {
      const curveType = p.u8('ECCurveType');
      if (curveType !== ECCurveType.named_curve) {
        throw new TLSIllegalParameterException(`ServerKeyExchange: curve type ${ECCurveType.nameOf(curveType)} refused`);
      }
      return { kind, namedCurve: p.u16('namedcurve'), point: p.vector(1, 'ECPoint', 1).slice() };
    }
    case 'srp':
      return {
        kind,
        n: p.vector(2, 'srp_N', 1).slice(),
        g: p.vector(2, 'srp_g', 1).slice(),
        s: p.vector(1, 'srp_s', 1).slice(),
        b: p.vector(2, 'srp_B', 1).slice(),
      };
  }
}

function writeParams(w: Writer, params: KeyExchangeParams): void {
  switch (params.kind) {
    case 'dh':
      w.vector16(params.p).vector16(params.g).vector16(params.ys);
      return;
    case 'ecdh':
      w.u8(ECCurveType.named_curve).u16(params.namedCurve).vector8(params.point);
      return;
    case 'srp':
      w.vector16(params.n).vector16(params.g).vector8(params.s).vector16(params.b);
      return;
  }
}

export class ServerKeyExchange implements HandshakeBody {
  static readonly handshakeType = HandshakeType.server_key_exchange;
  readonly handshakeType = HandshakeType.server_key_exchange;

  /** `signature` is required for the authenticated key exchanges and absent for the anonymous ones. */
  constructor(
    readonly keyExchange: KeyExchangeName,
    readonly params: KeyExchangeParams,
    readonly signature?: DigitallySigned,
  ) {
    const form = FORMS[keyExchange];
    if (!form) throw new RangeError(`the ${keyExchange} key exchange has no ServerKeyExchange`);
    if (form.kind !== params.kind) throw new RangeError(`${keyExchange} needs ${form.kind} parameters`);
    if (form.signed !== (signature !== undefined)) {
      throw new RangeError(`${keyExchange} ServerKeyExchange ${form.signed ? 'needs' : 'takes no'} signature`);
    }
  }

  static read(p: Parser, ctx: MessageContext): ServerKeyExchange {
    const form = formOf(ctx.keyExchange);
    const params = readParams(p, form.kind);
    const signature = form.signed ? DigitallySigned.read(p, atLeastTLS12(ctx)) : undefined;
    return new ServerKeyExchange(ctx.keyExchange!, params, signature);
  }

  /** The encoded params: what the signature covers, after the two randoms (RFC 5246 7.4.3). */
  paramsBytes(): Uint8Array {
    return encode((w) => writeParams(w, this.params));
  }

  write(w: Writer): void {
    writeParams(w, this.params);
    this.signature?.write(w);
  }

  toString(): string {
    const p = this.params;
    const params =
      p.kind === 'dh'
        ? `p=${p.p.length} bytes, g=${p.g.length} bytes, Ys=${p.ys.length} bytes`
        : p.kind === 'ecdh'
          ? `curve=${GroupName.nameOf(p.namedCurve)}, point=${p.point.length} bytes`
          : `N=${p.n.length} bytes, g=${p.g.length} bytes, s=${p.s.length} bytes, B=${p.b.length} bytes`;
    const sig = this.signature ? `, signature=${this.signature}` : '';
    return `ServerKeyExchange(${this.keyExchange}, ${params}${sig})`;
  }
}
