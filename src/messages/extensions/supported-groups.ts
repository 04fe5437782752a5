/**
 * supported_groups, formerly elliptic_curves (RFC 8422 5.1.1, RFC 7919 2,
 * RFC 8446 4.2.7): `NamedGroup named_group_list<2..2^16-1>`.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, GroupName } from '../../constants.js';
import type { Extension } from './extension.js';

export class SupportedGroupsExtension implements Extension {
  static readonly type = ExtensionType.supported_groups;
  readonly type = ExtensionType.supported_groups;

  /** The groups, most preferred first. */
  constructor(readonly groups: readonly number[]) {}

  static read(p: Parser): SupportedGroupsExtension {
    return new SupportedGroupsExtension(p.u16List(2, 'named_group_list', 2));
  }

  write(w: Writer): void {
    w.u16List(2, this.groups);
  }

  toString(): string {
    return `supported_groups(${this.groups.map((g) => GroupName.nameOf(g)).join(', ')})`;
  }
}
