/**
 * pre_shared_key (RFC 8446 4.2.11).
 *
 *     struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } PskIdentity;
 *     opaque PskBinderEntry<32..255>;
 *     struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; } OfferedPsks;
 *     ClientHello: OfferedPsks;   ServerHello: uint16 selected_identity;
 *
 * Each identity needs its binder: a count mismatch decodes but is
 * inconsistent, so illegal_parameter (RFC 8446 6.2). The binders are
 * computed over the ClientHello truncated before the binders list
 * (RFC 8446 4.2.11.2): `truncatedClientHello()` cuts the received bytes,
 * which the extension list keeps exactly, and this extension must be the
 * last one (checked by the list).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import { fromServer, type Extension, type ExtensionContext } from './extension.js';

/** One offered PSK identity. */
export interface PskIdentity {
  readonly identity: Uint8Array;
  readonly obfuscatedTicketAge: number;
}

export class PreSharedKeyExtension implements Extension {
  static readonly type = ExtensionType.pre_shared_key;
  readonly type = ExtensionType.pre_shared_key;

  /** The client's offer (`identities` and `binders`), or the server's `selectedIdentity`. */
  constructor(
    readonly identities: readonly PskIdentity[] = [],
    readonly binders: readonly Uint8Array[] = [],
    readonly selectedIdentity?: number,
  ) {}

  /** Bytes of the binders list with its 2-byte length: what the binder computation leaves out. */
  get bindersLength(): number {
    return 2 + this.binders.reduce((n, b) => n + 1 + b.length, 0);
  }

  static read(p: Parser, ctx: ExtensionContext): PreSharedKeyExtension {
    if (fromServer(ctx)) return new PreSharedKeyExtension([], [], p.u16('selected_identity'));
    const identities = p.items(
      2,
      (q) => ({ identity: q.vector(2, 'identity', 1).slice(), obfuscatedTicketAge: q.u32('obfuscated_ticket_age') }),
      'identities',
      7,
    );
    const binders = p.items(2, (q) => q.vector(1, 'PskBinderEntry', 32).slice(), 'binders', 33);
    if (binders.length !== identities.length) {
      throw new TLSIllegalParameterException(`pre_shared_key: ${identities.length} identities, ${binders.length} binders`);
    }
    return new PreSharedKeyExtension(identities, binders);
  }

  write(w: Writer): void {
    if (this.selectedIdentity !== undefined) {
      w.u16(this.selectedIdentity);
      return;
    }
    w.prefixed(2, (w) => {
      for (const i of this.identities) w.vector16(i.identity).u32(i.obfuscatedTicketAge);
    });
    w.prefixed(2, (w) => {
      for (const b of this.binders) w.vector8(b);
    });
  }

  toString(): string {
    if (this.selectedIdentity !== undefined) return `pre_shared_key(selected ${this.selectedIdentity})`;
    return `pre_shared_key(${this.identities.length} identities)`;
  }
}

/**
 * The ClientHello message bytes (header included) up to, not including,
 * the binders list: what the PSK binders are computed over (RFC 8446 4.2.11.2).
 */
export function truncatedClientHello(clientHelloBytes: Uint8Array, psk: PreSharedKeyExtension): Uint8Array {
  return clientHelloBytes.subarray(0, clientHelloBytes.length - psk.bindersLength);
}
