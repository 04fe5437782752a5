/**
 * TACK (draft-perrin-tls-tack-02 4.1, type 0xF300), as the seed supports it.
 *
 *     struct { opaque public_key[64]; uint8 min_generation; uint8 generation;
 *              uint32 expiration; opaque target_hash[32]; opaque signature[64]; } TACK;   (166 bytes)
 *     struct { TACK tacks<0..2047>; uint8 activation_flags; } TACK_Extension;
 *
 * Empty in the ClientHello (the client only signals support); the
 * server sends the structure above. The fields are simple and fixed-size,
 * so they are parsed; verifying a TACK is left to whoever pins with it.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { fromServer, type Extension, type ExtensionContext } from './extension.js';

/** One TACK (draft-perrin-tls-tack-02 3). */
export interface Tack {
  readonly publicKey: Uint8Array;
  readonly minGeneration: number;
  readonly generation: number;
  readonly expiration: number;
  readonly targetHash: Uint8Array;
  readonly signature: Uint8Array;
}

/** Size of one encoded TACK. */
export const TACK_LENGTH = 166;

export class TACKExtension implements Extension {
  static readonly type = ExtensionType.tack;
  readonly type = ExtensionType.tack;

  /** `tacks` undefined is the ClientHello's empty form. */
  constructor(
    readonly tacks?: readonly Tack[],
    readonly activationFlags = 0,
  ) {}

  static read(p: Parser, ctx: ExtensionContext): TACKExtension {
    if (!fromServer(ctx)) return new TACKExtension(); // must be empty
    const tacks = p.list(
      2,
      TACK_LENGTH,
      (q) => ({
        publicKey: q.bytes(64, 'TACK public_key').slice(),
        minGeneration: q.u8('TACK min_generation'),
        generation: q.u8('TACK generation'),
        expiration: q.u32('TACK expiration'),
        targetHash: q.bytes(32, 'TACK target_hash').slice(),
        signature: q.bytes(64, 'TACK signature').slice(),
      }),
      'tacks',
      0,
      2047,
    );
    return new TACKExtension(tacks, p.u8('activation_flags'));
  }

  write(w: Writer): void {
    if (this.tacks === undefined) return;
    w.prefixed(2, (w) => {
      for (const t of this.tacks!) {
        w.bytes(t.publicKey).u8(t.minGeneration).u8(t.generation).u32(t.expiration).bytes(t.targetHash).bytes(t.signature);
      }
    });
    w.u8(this.activationFlags);
  }

  toString(): string {
    return this.tacks === undefined ? 'tack()' : `tack(${this.tacks.length} tacks, activation_flags=${this.activationFlags})`;
  }
}
