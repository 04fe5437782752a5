/**
 * NewSessionTicket.
 *
 * TLS 1.2 (RFC 5077 3.3):
 *
 *     struct { uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; } NewSessionTicket;
 *
 * TLS 1.3 (RFC 8446 4.6.1), chosen by `ctx.version`:
 *
 *     struct { uint32 ticket_lifetime; uint32 ticket_age_add; opaque ticket_nonce<0..255>;
 *              opaque ticket<1..2^16-1>; Extension extensions<0..2^16-2>; } NewSessionTicket;
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { isTLS13, type MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

/** The TLS 1.3-only fields. */
export interface TLS13TicketFields {
  readonly ticketAgeAdd: number;
  readonly ticketNonce: Uint8Array;
  readonly extensions: Extensions;
}

export class NewSessionTicket implements HandshakeBody {
  static readonly handshakeType = HandshakeType.new_session_ticket;
  readonly handshakeType = HandshakeType.new_session_ticket;
  readonly ticket: Uint8Array;

  /** `lifetime` is the lifetime hint (TLS 1.2) or lifetime (TLS 1.3), in seconds. */
  constructor(
    readonly lifetime: number,
    ticket: Uint8Array,
    readonly tls13?: TLS13TicketFields,
  ) {
    this.ticket = ticket.slice();
  }

  static read(p: Parser, ctx: MessageContext = {}): NewSessionTicket {
    const lifetime = p.u32('ticket_lifetime');
    if (isTLS13(ctx)) {
      const ticketAgeAdd = p.u32('ticket_age_add');
      const ticketNonce = p.vector8('ticket_nonce').slice();
      const ticket = p.vector(2, 'ticket', 1);
      const extensions = Extensions.read(p, { message: 'new_session_ticket', version: ctx.version });
      return new NewSessionTicket(lifetime, ticket, { ticketAgeAdd, ticketNonce, extensions });
    }
    return new NewSessionTicket(lifetime, p.vector16('ticket'));
  }

  write(w: Writer): void {
    w.u32(this.lifetime);
    if (this.tls13) {
      w.u32(this.tls13.ticketAgeAdd).vector8(this.tls13.ticketNonce).vector16(this.ticket);
      this.tls13.extensions.write(w);
    } else {
      w.vector16(this.ticket);
    }
  }

  toString(): string {
    const extra = this.tls13 ? `, age_add=${this.tls13.ticketAgeAdd}, nonce=${toHex(this.tls13.ticketNonce)}` : '';
    return `NewSessionTicket(lifetime=${this.lifetime}${extra}, ticket=${this.ticket.length} bytes)`;
  }
}
