/**
 * extended_master_secret (RFC 7627 5.1): "The extension_data field of
 * this extension is empty" in both hellos.
 *
 * @module
 */
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class ExtendedMasterSecretExtension implements Extension {
  static readonly type = ExtensionType.extended_master_secret;
  readonly type = ExtensionType.extended_master_secret;

  /** Reads nothing: the list rejects a non-empty body as decode_error. */
  static read(): ExtendedMasterSecretExtension {
    return new ExtendedMasterSecretExtension();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'extended_master_secret()';
  }
}
