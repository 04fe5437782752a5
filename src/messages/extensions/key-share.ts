/**
 * key_share (RFC 8446 4.2.8).
 *
 *     struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
 *     ClientHello:        KeyShareEntry client_shares<0..2^16-1>;
 *     HelloRetryRequest:  NamedGroup selected_group;
 *     ServerHello:        KeyShareEntry server_share;
 *
 * "Clients MUST NOT offer multiple KeyShareEntry values for the same
 * group ... Servers MAY check for violations of these rules and abort
 * the handshake with an illegal_parameter alert" (RFC 8446 4.2.8): we do.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, GroupName } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import type { Extension, ExtensionContext } from './extension.js';

/** One offered or chosen share. */
export interface KeyShareEntry {
  readonly group: number;
  readonly keyExchange: Uint8Array;
}

function readEntry(p: Parser): KeyShareEntry {
  return { group: p.u16('KeyShareEntry group'), keyExchange: p.vector(2, 'key_exchange', 1).slice() };
}

export class KeyShareExtension implements Extension {
  static readonly type = ExtensionType.key_share;
  readonly type = ExtensionType.key_share;

  /**
   * `form` says which body this is: the client's list, the server's one
   * share (`shares[0]`), or the HelloRetryRequest's `selectedGroup`.
   */
  constructor(
    readonly form: 'client_hello' | 'server_hello' | 'hello_retry_request',
    readonly shares: readonly KeyShareEntry[] = [],
    readonly selectedGroup?: number,
  ) {}

  static read(p: Parser, ctx: ExtensionContext): KeyShareExtension {
    if (ctx.message === 'hello_retry_request') {
      return new KeyShareExtension('hello_retry_request', [], p.u16('selected_group'));
    }
    if (ctx.message === 'server_hello') return new KeyShareExtension('server_hello', [readEntry(p)]);
    const shares = p.items(2, readEntry, 'client_shares');
    const groups = new Set<number>();
    for (const { group } of shares) {
      if (groups.has(group)) throw new TLSIllegalParameterException(`key_share: two shares for ${GroupName.nameOf(group)}`);
      groups.add(group);
    }
    return new KeyShareExtension('client_hello', shares);
  }

  write(w: Writer): void {
    const entry = (w: Writer, e: KeyShareEntry) => w.u16(e.group).vector16(e.keyExchange);
    if (this.form === 'hello_retry_request') w.u16(this.selectedGroup!);
    else if (this.form === 'server_hello') entry(w, this.shares[0]!);
    else
      w.prefixed(2, (w) => {
        for (const e of this.shares) entry(w, e);
      });
  }

  toString(): string {
    if (this.form === 'hello_retry_request') return `key_share(selected ${GroupName.nameOf(this.selectedGroup!)})`;
    return `key_share(${this.shares.map((e) => `${GroupName.nameOf(e.group)}:${e.keyExchange.length} bytes`).join(', ')})`;
  }
}
