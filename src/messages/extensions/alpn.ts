/**
 * application_layer_protocol_negotiation (RFC 7301 3.1):
 *
 *     opaque ProtocolName<1..2^8-1>;
 *     struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;
 *
 * "Empty strings MUST NOT be included" and the list may not be empty:
 * both are out-of-range lengths, so decode_error. In the server's reply
 * the list "MUST contain exactly one ProtocolName" (RFC 7301 3.1).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { TLSDecodeError } from '../../errors.js';
import { fromServer, latin1, type Extension, type ExtensionContext } from './extension.js';

export class ALPNExtension implements Extension {
  static readonly type = ExtensionType.alpn;
  readonly type = ExtensionType.alpn;
  readonly protocols: readonly Uint8Array[];

  /** Protocol names as strings (UTF-8 encoded) or bytes. */
  constructor(protocols: ReadonlyArray<string | Uint8Array>) {
    this.protocols = protocols.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  }

  /** The names as text (they are IANA-registered ASCII in practice). */
  get protocolNames(): string[] {
    return this.protocols.map(latin1);
  }

  static read(p: Parser, ctx: ExtensionContext): ALPNExtension {
    const protocols = p.items(2, (q) => q.vector(1, 'ProtocolName', 1).slice(), 'protocol_name_list', 2);
    if (fromServer(ctx) && protocols.length !== 1) {
      throw new TLSDecodeError(`alpn: the server must select exactly one protocol, got ${protocols.length}`);
    }
    return new ALPNExtension(protocols);
  }

  write(w: Writer): void {
    w.prefixed(2, (w) => {
      for (const name of this.protocols) w.vector8(name);
    });
  }

  toString(): string {
    return `alpn(${this.protocolNames.map((n) => JSON.stringify(n)).join(', ')})`;
  }
}
