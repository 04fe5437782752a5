/**
 * padding (RFC 7685 3): zero bytes that only lengthen the ClientHello.
 *
 * We always send zeros ("The client MUST fill the padding extension
 * completely with zero bytes"). On receipt any content is accepted:
 * RFC 7685 gives the receiver no check and no alert, the bytes have no
 * meaning, and rejecting a peer over them would only add a failure mode
 * (OpenSSL and the seed also ignore the content). `allZero` tells a
 * strict caller (a test tool) whether the peer followed the RFC.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { shortHex, type Extension } from './extension.js';

export class PaddingExtension implements Extension {
  static readonly type = ExtensionType.padding;
  readonly type = ExtensionType.padding;
  /** The body as received (zeros when built locally). */
  readonly data: Uint8Array;

  /** `length` zero bytes, or the bytes received. */
  constructor(lengthOrData: number | Uint8Array = 0) {
    this.data = typeof lengthOrData === 'number' ? new Uint8Array(lengthOrData) : lengthOrData.slice();
  }

  /** True when every byte is zero, as RFC 7685 3 requires of the sender. */
  get allZero(): boolean {
    return this.data.every((b) => b === 0);
  }

  static read(p: Parser): PaddingExtension {
    return new PaddingExtension(p.rest());
  }

  write(w: Writer): void {
    w.bytes(this.data);
  }

  toString(): string {
    return this.allZero ? `padding(${this.data.length} zero bytes)` : `padding(${shortHex(this.data)})`;
  }
}
