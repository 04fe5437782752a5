/**
 * server_name (RFC 6066 3).
 *
 *     struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
 *     opaque HostName<1..2^16-1>;
 *     struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
 *
 * A server that used the name answers with an empty body (RFC 6066 3,
 * RFC 8446 4.2 for EncryptedExtensions).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, NameType } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import { fromServer, latin1, type Extension, type ExtensionContext } from './extension.js';

/** One entry of the list. */
export interface ServerName {
  /** The NameType (0 = host_name). */
  readonly nameType: number;
  /** The name's bytes (for host_name: ASCII, no trailing dot). */
  readonly name: Uint8Array;
}

export class ServerNameExtension implements Extension {
  static readonly type = ExtensionType.server_name;
  readonly type = ExtensionType.server_name;
  /** The names; empty for the server's empty acknowledgement. */
  readonly names: readonly ServerName[];

  constructor(names: readonly ServerName[] = []) {
    this.names = names;
  }

  /** A ClientHello extension naming one host. */
  static forHost(hostName: string): ServerNameExtension {
    return new ServerNameExtension([{ nameType: NameType.host_name, name: new TextEncoder().encode(hostName) }]);
  }

  /** The host_name, decoded as ASCII (latin1, so any byte maps to one character), if present. */
  get hostName(): string | undefined {
    const entry = this.names.find((n) => n.nameType === NameType.host_name);
    return entry ? latin1(entry.name) : undefined;
  }

  static read(p: Parser, ctx: ExtensionContext): ServerNameExtension {
    if (fromServer(ctx)) return new ServerNameExtension(); // body must be empty; the list checks it
    const names = p.items(
      2,
      (q) => {
        const nameType = q.u8('server_name name_type');
        // Every name type defined or anticipated uses opaque<1..2^16-1>
        // (RFC 6066 3 keeps that structure for future types; the seed reads them alike).
        const name = q.vector(2, 'server_name HostName', 1).slice();
        return { nameType, name };
      },
      'server_name_list',
      1,
    );
    const seen = new Set<number>();
    for (const { nameType } of names) {
      // RFC 6066 3: "The ServerNameList MUST NOT contain more than one name of the same name_type."
      if (seen.has(nameType)) throw new TLSIllegalParameterException(`server_name: two names of type ${nameType}`);
      seen.add(nameType);
    }
    return new ServerNameExtension(names);
  }

  write(w: Writer): void {
    if (this.names.length === 0) return;
    w.prefixed(2, (w) => {
      for (const { nameType, name } of this.names) w.u8(nameType).vector16(name);
    });
  }

  toString(): string {
    if (this.names.length === 0) return 'server_name()';
    const list = this.names.map((n) =>
      n.nameType === NameType.host_name ? JSON.stringify(latin1(n.name)) : `${n.nameType}:${n.name.length} bytes`,
    );
    return `server_name(${list.join(', ')})`;
  }
}
