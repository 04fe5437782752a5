/**
 * KeyUpdate (RFC 8446 4.6.3):
 *
 *     enum { update_not_requested(0), update_requested(1), (255) } KeyUpdateRequest;
 *     struct { KeyUpdateRequest request_update; } KeyUpdate;
 *
 * Any other request value is illegal_parameter (RFC 8446 4.6.3).
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType, KeyUpdateMessageType } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';
import type { HandshakeBody } from './message.js';

export class KeyUpdate implements HandshakeBody {
  static readonly handshakeType = HandshakeType.key_update;
  readonly handshakeType = HandshakeType.key_update;

  /** `updateRequested`: the peer must answer with a KeyUpdate of its own. */
  constructor(readonly updateRequested: boolean) {}

  static read(p: Parser): KeyUpdate {
    const value = p.u8('request_update');
    if (value !== KeyUpdateMessageType.update_not_requested && value !== KeyUpdateMessageType.update_requested) {
      throw new TLSIllegalParameterException(`KeyUpdate with request_update ${value}`);
    }
    return new KeyUpdate(value === KeyUpdateMessageType.update_requested);
  }

  write(w: Writer): void {
    w.u8(this.updateRequested ? KeyUpdateMessageType.update_requested : KeyUpdateMessageType.update_not_requested);
  }

  toString(): string {
    return `KeyUpdate(${this.updateRequested ? 'update_requested' : 'update_not_requested'})`;
  }
}
