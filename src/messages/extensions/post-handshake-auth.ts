/**
 * post_handshake_auth (RFC 8446 4.2.6): "The extension_data field of the
 * post_handshake_auth extension is zero length." ClientHello only.
 *
 * @module
 */
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class PostHandshakeAuthExtension implements Extension {
  static readonly type = ExtensionType.post_handshake_auth;
  readonly type = ExtensionType.post_handshake_auth;

  /** Reads nothing: the list rejects a non-empty body as decode_error. */
  static read(): PostHandshakeAuthExtension {
    return new PostHandshakeAuthExtension();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'post_handshake_auth()';
  }
}
