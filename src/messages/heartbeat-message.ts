/**
 * HeartbeatMessage (RFC 6520 4):
 *
 *     struct {
 *        HeartbeatMessageType type;
 *        uint16 payload_length;
 *        opaque payload[HeartbeatMessage.payload_length];
 *        opaque padding[padding_length];
 *     } HeartbeatMessage;
 *
 * padding_length is what the record holds beyond the payload, and "MUST be
 * at least 16". A message whose payload_length does not fit the record
 * with 16 bytes of padding (the Heartbleed request) "MUST be discarded
 * silently" (RFC 6520 4), so `read` returns null instead of throwing.
 *
 * @module
 */
import { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HeartbeatMessageType } from '../constants.js';
import { encode } from './encode.js';

/** The least padding a HeartbeatMessage carries (RFC 6520 4). */
export const MIN_HEARTBEAT_PADDING = 16;
/** type (1) and payload_length (2). */
export const HEARTBEAT_HEADER_LENGTH = 3;

export class HeartbeatMessage {
  constructor(
    /** HeartbeatMessageType: heartbeat_request (1) or heartbeat_response (2); others are kept. */
    readonly type: number,
    readonly payload: Uint8Array,
    readonly padding: Uint8Array,
  ) {}

  /**
   * Reads one HeartbeatMessage filling a whole record, or null when it
   * must be discarded silently: shorter than its header, or a
   * payload_length that leaves less than 16 bytes of padding (RFC 6520 4).
   */
  static read(record: Uint8Array): HeartbeatMessage | null {
    if (record.length < HEARTBEAT_HEADER_LENGTH + MIN_HEARTBEAT_PADDING) return null;
    const p = new Parser(record);
    const type = p.u8('HeartbeatMessageType');
    const length = p.u16('payload_length');
    if (HEARTBEAT_HEADER_LENGTH + length + MIN_HEARTBEAT_PADDING > record.length) return null;
    const payload = p.bytes(length, 'payload');
    return new HeartbeatMessage(type, payload, p.bytes(p.remaining, 'padding'));
  }

  write(w: Writer): void {
    w.u8(this.type).u16(this.payload.length).bytes(this.payload).bytes(this.padding);
  }

  /** The message as record content. */
  toBytes(): Uint8Array {
    return encode((w) => this.write(w), HEARTBEAT_HEADER_LENGTH + this.payload.length + this.padding.length);
  }

  toString(): string {
    return `HeartbeatMessage(${HeartbeatMessageType.nameOf(this.type)}, payload ${this.payload.length} bytes, padding ${this.padding.length} bytes)`;
  }
}
