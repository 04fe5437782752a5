/**
 * srp (RFC 5054 2.8.1): the client's user name, `opaque srp_I<1..2^8-1>`.
 * Only in the ClientHello; the server never sends it.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class SRPExtension implements Extension {
  static readonly type = ExtensionType.srp;
  readonly type = ExtensionType.srp;
  readonly identity: Uint8Array;

  constructor(identity: string | Uint8Array) {
    this.identity = typeof identity === 'string' ? new TextEncoder().encode(identity) : identity.slice();
  }

  static read(p: Parser): SRPExtension {
    return new SRPExtension(p.vector(1, 'srp_I', 1));
  }

  write(w: Writer): void {
    w.vector8(this.identity);
  }

  toString(): string {
    return `srp(${JSON.stringify(new TextDecoder().decode(this.identity))})`;
  }
}
