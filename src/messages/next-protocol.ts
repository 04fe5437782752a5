/**
 * NextProtocol (draft-agl-tls-nextprotoneg-04 4), sent encrypted after
 * ChangeCipherSpec by an NPN client:
 *
 *     struct { opaque selected_protocol<0..255>; opaque padding<0..255>; } NextProtocol;
 *
 * "The length of padding SHOULD be 32 - ((len(selected_protocol) + 2) % 32)"
 * so the message length does not reveal the protocol; we pad that way
 * and accept any padding on receipt (its content carries no meaning).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import type { HandshakeBody } from './message.js';

export class NextProtocol implements HandshakeBody {
  static readonly handshakeType = HandshakeType.next_protocol;
  readonly handshakeType = HandshakeType.next_protocol;
  readonly selectedProtocol: Uint8Array;
  readonly padding: Uint8Array;

  /** `padding` defaults to the draft's zero padding to a 32-byte boundary. */
  constructor(selectedProtocol: string | Uint8Array, padding?: Uint8Array) {
    this.selectedProtocol =
      typeof selectedProtocol === 'string' ? new TextEncoder().encode(selectedProtocol) : selectedProtocol.slice();
    this.padding = padding?.slice() ?? new Uint8Array(32 - ((this.selectedProtocol.length + 2) % 32));
  }

  static read(p: Parser): NextProtocol {
    const selected = p.vector8('selected_protocol');
    return new NextProtocol(selected, p.vector8('padding'));
  }

  write(w: Writer): void {
    w.vector8(this.selectedProtocol).vector8(this.padding);
  }

  toString(): string {
    return `NextProtocol(${JSON.stringify(new TextDecoder().decode(this.selectedProtocol))}, padding=${this.padding.length})`;
  }
}
