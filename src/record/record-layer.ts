/**
 * The record layer: framing, protection, fragmentation and handshake
 * reassembly tied together behind a sans-I/O API (no sockets, no timers).
 *
 * Incoming: `push(bytes)` hands over received bytes; `next()` returns one
 * event at a time (a handshake message, application data, an alert, a
 * ChangeCipherSpec, an SSLv2 ClientHello), decrypting at most one record
 * per call, or null when more bytes are needed. Pulling one event at a
 * time is what lets the handshake install keys between two records: a
 * ChangeCipherSpec takes effect when the record after it is read, and if
 * the handshake has not installed the pending read state by then (it may
 * still be working on the messages before it), reading waits for it. `receive(bytes)` is the convenience form that
 * returns every event available (stopping after a ChangeCipherSpec).
 *
 * Outgoing: `sendHandshake()`, `sendApplicationData()`, `sendAlert()`,
 * `sendChangeCipherSpec()` queue protected records; `takeOutput()` hands
 * them to whoever writes to the transport. Handshake messages are
 * coalesced until something else is sent or the output is taken.
 *
 * Keys: the handshake installs pending states (`setPendingStates`, or
 * `installKeyBlock` from a TLS 1.2 key block); ChangeCipherSpec makes them
 * current (RFC 5246 7.1). TLS 1.3 changes keys directly (`setReadState`,
 * `setWriteState`), checking that no handshake message spans the change
 * (RFC 8446 5.1).
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { concatBytes } from '../crypto/bytes.js';
import { ContentType, ProtocolVersion, RecordLimits } from '../constants.js';
import {
  TLSDecodeError,
  TLSInternalError,
  TLSProtocolVersionError,
  TLSRecordOverflow,
  TLSUnexpectedMessage,
} from '../errors.js';
import { Deframer } from './deframer.js';
import { EarlyDataSkipper, type EarlyDataSkipMode } from './early-data-skip.js';
import { releaseOutput } from './output-pool.js';
import { fragmentData, HandshakeCoalescer } from './fragmenter.js';
import { HandshakeReassembler } from './handshake-reassembler.js';
import { keySizes, splitKeyBlock } from './key-block.js';
import { createProtection, NullProtection, type CipherSpec } from './protection/index.js';
import type { ProtectionState, RecordEvent } from './types.js';

/** Settings of a record layer. */
export interface RecordLayerOptions {
  /** Where every primitive comes from. */
  readonly provider: CryptoProvider;
  /**
   * Split application data 1/n-1 under CBC with an implicit IV (SSLv3,
   * TLS 1.0) against BEAST. Default true.
   */
  readonly splitCbcRecords?: boolean;
  /** Random CBC padding lengths (for states built by `installKeyBlock`). Default false. */
  readonly randomPadding?: boolean;
  /** Accept an SSLv2-format ClientHello as the first record (servers). Default false. */
  readonly acceptSSLv2Hello?: boolean;
  /** Largest handshake message accepted. Default RecordLimits.maxHandshakeMessage. */
  readonly maxHandshakeMessage?: number;
  /** Initial protocol version (the record version of the first flight). Default TLS 1.0. */
  readonly version?: number;
}

/** Parameters for `installKeyBlock`. */
export interface KeyBlockParams {
  /** The negotiated version. */
  readonly version: number;
  readonly spec: CipherSpec;
  /** The PRF output (RFC 5246 6.3). */
  readonly keyBlock: Uint8Array;
  /** Which side we are: the client writes with the client keys. */
  readonly isClient: boolean;
}

const EMPTY = new Uint8Array(0);
const CCS_MESSAGE = new Uint8Array([1]);

/** A sans-I/O TLS record layer (SSLv3 to TLS 1.2, with TLS 1.3 records). */
export class RecordLayer {
  readonly #provider: CryptoProvider;
  readonly #splitCbc: boolean;
  readonly #randomPadding: boolean;
  readonly #deframer: Deframer;
  readonly #reassembler: HandshakeReassembler;
  readonly #coalescer = new HandshakeCoalescer();
  #output: Uint8Array[] = [];
  /** Records at the head of #output that `dropUnkept` keeps. */
  #kept = 0;

  #version: number;
  #readState: ProtectionState = new NullProtection();
  #writeState: ProtectionState = new NullProtection();
  #pendingRead: ProtectionState | null = null;
  #pendingWrite: ProtectionState | null = null;
  /** A ChangeCipherSpec was read; the pending read state takes over before the next record. */
  #readSwitchDue = false;
  /** RFC 8449 record_size_limit values (null: not negotiated). */
  #sendSizeLimit: number | null = null;
  #receiveSizeLimit: number | null = null;
  /**
   * Once the version is negotiated, incoming records must carry it (RFC
   * 5246 Appendix E.1; tlslite-ng's version check): the handshake turns
   * this on after ServerHello. TLS 1.3 ignores legacy_record_version (RFC
   * 8446 5.1), so it is never checked there.
   */
  checkRecordVersion = false;
  /** The first error `next()` threw; every later call throws it again. */
  #failure: unknown = null;
  /** TLS 1.3 server: the client's rejected early data being skipped (early-data-skip.ts). */
  #earlySkip: EarlyDataSkipper | null = null;

  constructor(options: RecordLayerOptions) {
    this.#provider = options.provider;
    this.#splitCbc = options.splitCbcRecords ?? true;
    this.#randomPadding = options.randomPadding ?? false;
    this.#deframer = new Deframer({ acceptSSLv2Hello: options.acceptSSLv2Hello ?? false });
    this.#reassembler = new HandshakeReassembler(options.maxHandshakeMessage ?? RecordLimits.maxHandshakeMessage);
    this.#version = options.version ?? ProtocolVersion.TLS1_0;
    this.#updateLimits();
  }

  // ------------------------------------------------------------ settings

  /**
   * The protocol version: outgoing records carry it (TLS 1.3 records carry
   * 0x0303, RFC 8446 5.1), and it selects the TLS 1.3 limits and
   * ChangeCipherSpec handling.
   */
  get version(): number {
    return this.#version;
  }

  set version(version: number) {
    this.#version = version;
    this.#updateLimits();
  }

  /**
   * Applies a negotiated record_size_limit (RFC 8449 4): `send` is the
   * peer's limit (our outgoing records), `receive` is ours. Only protected
   * records are bound by it ("Unprotected messages are not subject to this
   * limit"). In TLS 1.2 the limit is the plaintext; in TLS 1.3 it is the
   * whole TLSInnerPlaintext (content, type byte and padding), so one byte
   * less of content fits and padding is cut to fit. Values above the
   * protocol maximum change nothing.
   */
  setRecordSizeLimit(send: number | null, receive: number | null): void {
    this.#sendSizeLimit = send;
    this.#receiveSizeLimit = receive;
    this.#updateLimits();
  }

  /** The negotiated record_size_limit values (null where none is in force). */
  get recordSizeLimit(): { readonly send: number | null; readonly receive: number | null } {
    return { send: this.#sendSizeLimit, receive: this.#receiveSizeLimit };
  }

  /** Largest plaintext per outgoing record (under the current write state). */
  get maxSendFragment(): number {
    return this.#plaintextLimit(this.#writeState.isNull ? null : this.#sendSizeLimit);
  }

  /** Largest plaintext accepted per incoming record (under the current read state). */
  get maxReceiveFragment(): number {
    return this.#plaintextLimit(this.#readState.isNull ? null : this.#receiveSizeLimit);
  }

  /**
   * True after a ChangeCipherSpec has been read while no pending read state
   * is installed: `next()` returns null (whatever is buffered) until the
   * handshake installs one. Whether a ChangeCipherSpec was allowed at that
   * point is the handshake's call (it sees the event in order and answers
   * an early one with unexpected_message); an engine should stop reading
   * from the transport while this is true.
   */
  get awaitingKeys(): boolean {
    return this.#readSwitchDue && this.#pendingRead === null;
  }

  /** Bytes received and not yet framed into a record. */
  get bufferedBytes(): number {
    return this.#deframer.bufferedBytes;
  }

  /** The current read state (for diagnostics: getCipherName and friends). */
  get readState(): ProtectionState {
    return this.#readState;
  }

  /** The current write state. */
  get writeState(): ProtectionState {
    return this.#writeState;
  }

  // ------------------------------------------------------------ keys

  /** Installs the states that the next ChangeCipherSpec, sent or received, makes current. */
  setPendingStates(read: ProtectionState | null, write: ProtectionState | null): void {
    if (read !== null) this.#pendingRead = read;
    if (write !== null) this.#pendingWrite = write;
  }

  /** Builds both pending states from a TLS 1.2 (or earlier) key block. */
  installKeyBlock(params: KeyBlockParams): void {
    const { version, spec, keyBlock, isClient } = params;
    const keys = splitKeyBlock(keyBlock, keySizes(this.#provider, version, spec));
    const options = { randomPadding: this.#randomPadding };
    const ours = isClient ? keys.client : keys.server;
    const theirs = isClient ? keys.server : keys.client;
    this.setPendingStates(
      createProtection(this.#provider, version, spec, theirs, 'read', options),
      createProtection(this.#provider, version, spec, ours, 'write', options),
    );
  }

  /**
   * Replaces the read state now (TLS 1.3 key changes). RFC 8446 5.1:
   * handshake messages must not span a key change, so any handshake bytes
   * still held are unexpected_message.
   */
  setReadState(state: ProtectionState): void {
    if (!this.#reassembler.isEmpty) {
      throw this.#fail(new TLSUnexpectedMessage('handshake message spans a key change'));
    }
    this.#readState = state;
  }

  /**
   * TLS 1.3 server that rejected the client's early data: drops its
   * records (up to `limit` bytes) until the client's next flight (RFC
   * 8446 4.2.10; see early-data-skip.ts for the two modes).
   */
  skipEarlyData(mode: EarlyDataSkipMode, limit: number): void {
    this.#earlySkip = new EarlyDataSkipper(mode, limit);
  }

  /** Replaces the write state now; queued handshake messages go out under the old one first. */
  setWriteState(state: ProtectionState): void {
    this.flush();
    this.#writeState = state;
  }

  // ------------------------------------------------------------ incoming

  /** Hands over received bytes (the layer takes ownership: they may be decrypted in place). */
  push(bytes: Uint8Array): void {
    this.#deframer.push(bytes);
  }

  /**
   * Pushes `bytes` (if given) and returns every event now available,
   * stopping after a ChangeCipherSpec (TLS 1.2 and earlier): the records
   * after it need the new read state, which the handshake installs only
   * once it has processed the messages before it; call `receive()` again
   * after that.
   */
  receive(bytes?: Uint8Array): RecordEvent[] {
    if (bytes !== undefined) this.push(bytes);
    const events: RecordEvent[] = [];
    for (;;) {
      const event = this.next();
      if (event === null) break;
      events.push(event);
      if (this.#readSwitchDue) break;
    }
    return events;
  }

  /**
   * The next event, or null when more bytes are needed.
   * @throws a TLSError subclass naming the alert to send; after one, every
   *   call throws it again (the connection is finished).
   */
  next(): RecordEvent | null {
    if (this.#failure !== null) throw this.#failure;
    try {
      return this.#next();
    } catch (error) {
      throw this.#fail(error);
    }
  }

  #next(): RecordEvent | null {
    const reassembler = this.#reassembler;
    for (;;) {
      const message = reassembler.next();
      if (message !== null) return { type: 'handshake', ...message };
      if (this.#readSwitchDue) {
        // Wait for the handshake to install the keys (see `awaitingKeys`).
        if (this.#pendingRead === null) return null;
        this.#readSwitchDue = false;
        this.#readState = this.#pendingRead;
        this.#pendingRead = null;
      }

      const record = this.#deframer.next();
      if (record === null) return null;
      if (record.ssl2Raw !== undefined) {
        return { type: 'ssl2_client_hello', body: record.fragment, raw: record.ssl2Raw };
      }
      const tls13 = this.#version >= ProtocolVersion.TLS1_3;
      // A plaintext alert is exempt (as OpenSSL exempts it): a peer that
      // rejects our hello before adopting the version sends its alert in
      // its own record version, and that alert, not protocol_version, is
      // what the application must see.
      const plaintextAlert = record.contentType === ContentType.alert && this.#readState.isNull;
      if (this.checkRecordVersion && !tls13 && !plaintextAlert && record.version !== this.#version) {
        throw new TLSProtocolVersionError(
          `record version 0x${record.version.toString(16).padStart(4, '0')} after 0x${this.#version.toString(16).padStart(4, '0')} was negotiated`,
        );
      }
      // RFC 8446 5: in TLS 1.3 a ChangeCipherSpec is never protected.
      const opened =
        tls13 && record.contentType === ContentType.change_cipher_spec
          ? { contentType: record.contentType, data: record.fragment }
          : this.#open(record.contentType, record.version, record.fragment);
      if (opened === null) continue; // rejected early data, dropped
      const type = opened.contentType;
      const data = opened.data;
      // RFC 5246 6.2.1, RFC 8446 5.1, RFC 8449 4: plaintext limit.
      if (data.length > this.maxReceiveFragment) {
        throw new TLSRecordOverflow(`record plaintext of ${data.length} bytes exceeds ${this.maxReceiveFragment}`);
      }
      // RFC 8449 4: in TLS 1.3 our limit bounds the whole TLSInnerPlaintext, padding included.
      if (opened.innerLength !== undefined && this.#receiveSizeLimit !== null && !this.#readState.isNull && opened.innerLength > this.#receiveSizeLimit) {
        throw new TLSRecordOverflow(`TLSInnerPlaintext of ${opened.innerLength} bytes exceeds our record_size_limit ${this.#receiveSizeLimit}`);
      }
      // RFC 8446 5.1: "Handshake messages MUST NOT be interleaved with
      // other record types": a record of another type while a handshake
      // message is incomplete is unexpected_message. RFC 5246 says nothing
      // either way; we apply the TLS 1.3 rule to every version.
      if (type !== ContentType.handshake && reassembler.hasPartialMessage) {
        throw new TLSUnexpectedMessage(`${ContentType.nameOf(type)} record inside a fragmented handshake message`);
      }
      switch (type) {
        case ContentType.handshake:
          // RFC 5246 6.2.1, RFC 8446 5.1: no zero-length handshake fragments.
          if (data.length === 0) throw new TLSUnexpectedMessage('empty handshake record');
          reassembler.push(data);
          continue;
        case ContentType.change_cipher_spec:
          // RFC 5246 7.1: one byte of value 1; RFC 8446 5: anything else is unexpected_message.
          if (data.length !== 1) throw new TLSDecodeError(`ChangeCipherSpec of ${data.length} bytes`);
          if (data[0] !== 1) throw new TLSUnexpectedMessage('ChangeCipherSpec with a value other than 1');
          if (!tls13) this.#readSwitchDue = true;
          return { type: 'change_cipher_spec' };
        case ContentType.alert:
          // RFC 8446 5.1: alerts are never fragmented or coalesced (applied to every version).
          if (data.length !== 2) throw new TLSDecodeError(`alert record of ${data.length} bytes`);
          return { type: 'alert', level: data[0]!, description: data[1]! };
        case ContentType.application_data:
          // Zero-length application data is legal (RFC 5246 6.2.1) and carries nothing.
          if (data.length === 0) continue;
          return { type: 'application_data', data };
        case ContentType.heartbeat:
          return { type: 'heartbeat', data };
        default:
          throw new TLSUnexpectedMessage(`record of unknown content type ${ContentType.nameOf(type)}`);
      }
    }
  }

  /** Opens a record with the read state, unless it is rejected early data being skipped (null). */
  #open(contentType: number, version: number, fragment: Uint8Array) {
    const skip = this.#earlySkip;
    if (skip === null) return this.#readState.open(contentType, version, fragment);
    const opened = skip.open(this.#readState, contentType, version, fragment);
    if (skip.done) this.#earlySkip = null;
    return opened;
  }

  #fail(error: unknown): unknown {
    if (this.#failure === null) this.#failure = error;
    return error;
  }

  // ------------------------------------------------------------ outgoing

  /** Queues one whole handshake message (4-byte header included); coalesced with its neighbours. */
  sendHandshake(message: Uint8Array): void {
    this.#coalescer.add(message);
  }

  /** Queues application data as records of at most `maxSendFragment` bytes (1/n-1 split where it applies). */
  sendApplicationData(data: Uint8Array): void {
    this.flush();
    const split = this.#splitCbc && this.#writeState.implicitIv;
    for (const fragment of fragmentData(data, this.maxSendFragment, split)) {
      this.#emit(ContentType.application_data, fragment);
    }
  }

  /** Queues an alert (RFC 5246 7.2). */
  sendAlert(level: number, description: number): void {
    this.flush();
    this.#emit(ContentType.alert, new Uint8Array([level, description]));
  }

  /**
   * Queues a ChangeCipherSpec and makes the pending write state current
   * (RFC 5246 7.1). In TLS 1.3 it is the unprotected compatibility message
   * (RFC 8446 D.4) and changes nothing.
   */
  sendChangeCipherSpec(): void {
    this.flush();
    if (this.#version >= ProtocolVersion.TLS1_3) {
      this.#output.push(new NullProtection().seal(ContentType.change_cipher_spec, this.#recordVersion(), CCS_MESSAGE));
      return;
    }
    const next = this.#pendingWrite;
    if (next === null) throw new TLSInternalError('ChangeCipherSpec sent without pending keys');
    this.#emit(ContentType.change_cipher_spec, CCS_MESSAGE);
    this.#pendingWrite = null;
    this.#writeState = next;
  }

  /** Packs queued handshake messages into records. */
  flush(): void {
    if (this.#coalescer.length === 0) return;
    for (const fragment of this.#coalescer.take(this.maxSendFragment)) this.#emit(ContentType.handshake, fragment);
  }

  /** Every record queued so far (after a flush), in order; the queue is emptied. */
  takeOutput(): Uint8Array[] {
    this.flush();
    const out = this.#output;
    this.#output = [];
    this.#kept = 0;
    return out;
  }

  /**
   * Packs what is queued and marks it as bound to go out, with whatever
   * follows or alone: `dropUnkept` (a failed flight) leaves it in the queue.
   */
  keepQueued(): void {
    this.flush();
    this.#kept = this.#output.length;
  }

  /** Drops what was queued after the last `keepQueued()` (the unfinished part of a failed flight). */
  dropUnkept(): void {
    this.flush();
    for (const record of this.#output.splice(this.#kept)) releaseOutput(record);
  }

  /** The same as one buffer. */
  takeOutputBytes(): Uint8Array {
    const records = this.takeOutput();
    if (records.length === 1) return records[0]!;
    if (records.length === 0) return EMPTY;
    const joined = concatBytes(...records);
    for (const r of records) releaseOutput(r); // copied: their memory can be reused
    return joined;
  }

  /**
   * Queues one heartbeat message (RFC 6520 3) as a record of its own: a
   * HeartbeatMessage is never fragmented, so it must fit `maxSendFragment`.
   * @throws RangeError when it does not fit.
   */
  sendHeartbeat(message: Uint8Array): void {
    if (message.length > this.maxSendFragment) {
      throw new RangeError(`heartbeat message of ${message.length} bytes does not fit a record of ${this.maxSendFragment}`);
    }
    this.flush();
    this.#emit(ContentType.heartbeat, message);
  }

  #emit(contentType: number, fragment: Uint8Array): void {
    // RFC 8449 4: in TLS 1.3 the peer's limit also bounds our padding.
    const maxInner = this.#sendSizeLimit !== null && this.#writeState.tls13 ? this.#sendSizeLimit : undefined;
    this.#output.push(this.#writeState.seal(contentType, this.#recordVersion(), fragment, maxInner));
  }

  /** RFC 8446 5.1: TLS 1.3 records say 0x0303. */
  #recordVersion(): number {
    return this.#version >= ProtocolVersion.TLS1_3 ? ProtocolVersion.TLS1_2 : this.#version;
  }

  #plaintextLimit(sizeLimit: number | null): number {
    if (sizeLimit === null) return RecordLimits.maxPlaintext;
    // RFC 8449 4: in TLS 1.3 the limit includes the content type byte.
    const usable = this.#version >= ProtocolVersion.TLS1_3 ? sizeLimit - 1 : sizeLimit;
    return Math.max(1, Math.min(RecordLimits.maxPlaintext, usable));
  }

  #updateLimits(): void {
    this.#deframer.maxFragmentLength =
      this.#version >= ProtocolVersion.TLS1_3 ? RecordLimits.maxCiphertextTLS13 : RecordLimits.maxCiphertext;
  }
}

