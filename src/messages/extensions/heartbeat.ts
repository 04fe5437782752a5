/**
 * heartbeat (RFC 6520 2): `HeartbeatMode mode` (1 = peer_allowed_to_send,
 * 2 = peer_not_allowed_to_send). "Upon reception of an unknown mode, an
 * error Alert message using illegal_parameter as its AlertDescription
 * MUST be sent in response." (RFC 6520 2).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, HeartbeatMode } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import type { Extension } from './extension.js';

export class HeartbeatExtension implements Extension {
  static readonly type = ExtensionType.heartbeat;
  readonly type = ExtensionType.heartbeat;

  constructor(readonly mode: number = HeartbeatMode.peer_allowed_to_send) {}

  static read(p: Parser): HeartbeatExtension {
    const mode = p.u8('HeartbeatMode');
    if (!HeartbeatMode.has(mode)) throw new TLSIllegalParameterException(`heartbeat: unknown mode ${mode}`);
    return new HeartbeatExtension(mode);
  }

  write(w: Writer): void {
    w.u8(this.mode);
  }

  toString(): string {
    return `heartbeat(${HeartbeatMode.nameOf(this.mode)})`;
  }
}
