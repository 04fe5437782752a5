/**
 * supported_versions (RFC 8446 4.2.1).
 *
 *     ClientHello:                     ProtocolVersion versions<2..254>;
 *     ServerHello, HelloRetryRequest:  ProtocolVersion selected_version;
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, ProtocolVersion } from '../../constants.js';
import { fromServer, type Extension, type ExtensionContext } from './extension.js';

export class SupportedVersionsExtension implements Extension {
  static readonly type = ExtensionType.supported_versions;
  readonly type = ExtensionType.supported_versions;

  /** The client's list (most preferred first), or the server's single selection (`selected` true). */
  constructor(
    readonly versions: readonly number[],
    readonly selected = false,
  ) {}

  static read(p: Parser, ctx: ExtensionContext): SupportedVersionsExtension {
    if (fromServer(ctx)) return new SupportedVersionsExtension([p.u16('selected_version')], true);
    return new SupportedVersionsExtension(p.u16List(1, 'versions', 2, 254));
  }

  write(w: Writer): void {
    if (this.selected) w.u16(this.versions[0]!);
    else w.u16List(1, this.versions);
  }

  toString(): string {
    return `supported_versions(${this.versions.map((v) => ProtocolVersion.nameOf(v)).join(', ')})`;
  }
}
