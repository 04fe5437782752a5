/**
 * next_protocol_negotiation, "supports_npn" (draft-agl-tls-nextprotoneg-04 3):
 * empty in the ClientHello; in the ServerHello a sequence of non-empty
 * 8-bit length-prefixed protocol names filling the body (no outer length).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { fromServer, latin1, type Extension, type ExtensionContext } from './extension.js';

export class NPNExtension implements Extension {
  static readonly type = ExtensionType.supports_npn;
  readonly type = ExtensionType.supports_npn;
  /** The server's protocols; empty in the ClientHello. */
  readonly protocols: readonly Uint8Array[];

  constructor(protocols: ReadonlyArray<string | Uint8Array> = []) {
    this.protocols = protocols.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  }

  static read(p: Parser, ctx: ExtensionContext): NPNExtension {
    const protocols: Uint8Array[] = [];
    // The client's body must be empty: reading nothing lets the list's end check reject anything else.
    if (fromServer(ctx)) while (!p.atEnd) protocols.push(p.vector(1, 'NPN protocol', 1).slice());
    return new NPNExtension(protocols);
  }

  write(w: Writer): void {
    for (const name of this.protocols) w.vector8(name);
  }

  toString(): string {
    return `supports_npn(${this.protocols.map((n) => JSON.stringify(latin1(n))).join(', ')})`;
  }
}
