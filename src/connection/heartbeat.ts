/**
 * Heartbeats after the handshake (RFC 6520 3, 4), for an engine that
 * negotiated the extension (TLS 1.0 to 1.3; see handshake/heartbeat.ts).
 *
 * - A HeartbeatRequest is answered at once with a HeartbeatResponse that
 *   echoes its payload, with 16 fresh random bytes of padding (RFC 6520 4:
 *   "The sender of a HeartbeatMessage MUST use a random padding of at
 *   least 16 bytes"). We always announce peer_allowed_to_send, so requests
 *   are always welcome once negotiated.
 * - A message whose payload_length does not fit the record (Heartbleed),
 *   one with less than 16 bytes of padding, one of unknown type, and a
 *   response that does not carry the payload of our request in flight are
 *   all discarded silently (RFC 6520 3, 4). A response that would not fit
 *   a record to the peer (its record_size_limit) is not sent.
 * - At most one request of ours is in flight (RFC 6520 4); its matching
 *   response ends it and goes to `heartbeatResponseCallback`.
 *
 * Heartbeats before the handshake ends, or when not negotiated, are
 * unexpected_message: the engine checks that before calling `receive`.
 *
 * @module
 */
import { HeartbeatMessageType } from '../constants.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { HEARTBEAT_HEADER_LENGTH, HeartbeatMessage, MIN_HEARTBEAT_PADDING } from '../messages/heartbeat-message.js';
import type { HeartbeatAgreement } from '../handshake/heartbeat.js';
import { equalBytes } from '../handshake/shared.js';

/** What the handler needs from its engine. */
export interface HeartbeatPort {
  readonly provider: CryptoProvider;
  /** Largest record content the peer accepts now. */
  maxRecord(): number;
  /** Queues one heartbeat record. */
  send(message: Uint8Array): void;
  /** False once we may no longer send (after our close_notify). */
  canSend(): boolean;
}

/** One connection's heartbeat state. */
export class HeartbeatHandler {
  readonly #agreement: HeartbeatAgreement;
  readonly #port: HeartbeatPort;
  readonly #onResponse: ((payload: Uint8Array) => void) | null;
  #inFlight: Uint8Array | null = null;

  constructor(agreement: HeartbeatAgreement, port: HeartbeatPort, onResponse: ((payload: Uint8Array) => void) | null) {
    this.#agreement = agreement;
    this.#port = port;
    this.#onResponse = onResponse;
  }

  /** True while a request of ours awaits its response. */
  get requestInFlight(): boolean {
    return this.#inFlight !== null;
  }

  /** True when the peer allows us to send requests (it announced peer_allowed_to_send). */
  get canSendRequests(): boolean {
    return this.#agreement.peerAllowsRequests;
  }

  /** Handles one received heartbeat record. */
  receive(record: Uint8Array): void {
    const message = HeartbeatMessage.read(record);
    if (message === null) return; // RFC 6520 4: discarded silently
    if (message.type === HeartbeatMessageType.heartbeat_request) {
      this.#respond(message.payload);
    } else if (message.type === HeartbeatMessageType.heartbeat_response) {
      const expected = this.#inFlight;
      // RFC 6520 4: a response without the expected payload is discarded silently.
      if (expected === null || !equalBytes(expected, message.payload)) return;
      this.#inFlight = null;
      this.#onResponse?.(message.payload.slice());
    }
    // RFC 6520 3: an unknown type is discarded silently.
  }

  /**
   * Sends a HeartbeatRequest with `payload` and `paddingLength` random
   * bytes of padding (at least 16).
   * @throws Error when the peer does not allow requests or one is in
   *   flight; TypeError/RangeError for bad arguments (RangeError also when
   *   the message does not fit one record to the peer).
   */
  request(payload: Uint8Array, paddingLength: number): void {
    if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be a Uint8Array');
    if (!Number.isInteger(paddingLength)) throw new TypeError(`paddingLength must be an integer, not ${String(paddingLength)}`);
    if (paddingLength < MIN_HEARTBEAT_PADDING) throw new RangeError(`paddingLength ${paddingLength} is below ${MIN_HEARTBEAT_PADDING} (RFC 6520 4)`);
    const size = HEARTBEAT_HEADER_LENGTH + payload.length + paddingLength;
    const max = this.#port.maxRecord();
    if (size > max) {
      throw new RangeError(`a heartbeat of ${payload.length} bytes of payload and ${paddingLength} of padding (${size} bytes) does not fit a record of ${max}`);
    }
    if (!this.#agreement.peerAllowsRequests) throw new Error('the peer does not allow heartbeat requests (peer_not_allowed_to_send)');
    if (this.#inFlight !== null) throw new Error('a heartbeat request is already in flight (RFC 6520 4: at most one)');
    const message = new HeartbeatMessage(HeartbeatMessageType.heartbeat_request, payload, this.#port.provider.random.bytes(paddingLength));
    this.#port.send(message.toBytes());
    this.#inFlight = payload.slice();
  }

  #respond(payload: Uint8Array): void {
    if (!this.#port.canSend()) return;
    const size = HEARTBEAT_HEADER_LENGTH + payload.length + MIN_HEARTBEAT_PADDING;
    if (size > this.#port.maxRecord()) return;
    const padding = this.#port.provider.random.bytes(MIN_HEARTBEAT_PADDING);
    this.#port.send(new HeartbeatMessage(HeartbeatMessageType.heartbeat_response, payload, padding).toBytes());
  }
}
