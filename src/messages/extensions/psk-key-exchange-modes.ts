/**
 * psk_key_exchange_modes (RFC 8446 4.2.9): `PskKeyExchangeMode ke_modes<1..255>`.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, PskKeyExchangeMode } from '../../constants.js';
import type { Extension } from './extension.js';

export class PskKeyExchangeModesExtension implements Extension {
  static readonly type = ExtensionType.psk_key_exchange_modes;
  readonly type = ExtensionType.psk_key_exchange_modes;

  constructor(readonly modes: readonly number[]) {}

  static read(p: Parser): PskKeyExchangeModesExtension {
    return new PskKeyExchangeModesExtension(p.u8List(1, 'ke_modes', 1));
  }

  write(w: Writer): void {
    w.u8List(1, this.modes);
  }

  toString(): string {
    return `psk_key_exchange_modes(${this.modes.map((m) => PskKeyExchangeMode.nameOf(m)).join(', ')})`;
  }
}
