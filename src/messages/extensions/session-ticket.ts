/**
 * SessionTicket (RFC 5077 3.2): the whole body is the ticket, any length
 * (empty to ask for a new ticket; empty in the ServerHello to promise one).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { shortHex, type Extension } from './extension.js';

export class SessionTicketExtension implements Extension {
  static readonly type = ExtensionType.session_ticket;
  readonly type = ExtensionType.session_ticket;
  readonly ticket: Uint8Array;

  constructor(ticket: Uint8Array = new Uint8Array(0)) {
    this.ticket = ticket.slice();
  }

  static read(p: Parser): SessionTicketExtension {
    return new SessionTicketExtension(p.rest());
  }

  write(w: Writer): void {
    w.bytes(this.ticket);
  }

  toString(): string {
    return `session_ticket(${shortHex(this.ticket)})`;
  }
}
