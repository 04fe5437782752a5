/**
 * encrypt_then_mac (RFC 7366 2): "The extension_data field of this
 * extension SHALL be empty" in both hellos.
 *
 * @module
 */
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class EncryptThenMACExtension implements Extension {
  static readonly type = ExtensionType.encrypt_then_mac;
  readonly type = ExtensionType.encrypt_then_mac;

  /** Reads nothing: the list rejects a non-empty body as decode_error. */
  static read(): EncryptThenMACExtension {
    return new EncryptThenMACExtension();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'encrypt_then_mac()';
  }
}
