/**
 * CBC with encrypt-then-MAC (RFC 7366): data || padding is encrypted and
 * the MAC covers the IV and ciphertext, so a record is authenticated
 * before anything is decrypted and padding oracles have nothing to work on.
 *
 * RFC 7366 3: MAC(MAC_write_key, seq_num + type + version + length +
 * IV + ENC(content + padding + padding_length)), where length is that of
 * IV + ciphertext. In TLS 1.0 there is no IV on the wire (it is chained, as
 * in cbc.ts), so the MAC covers the ciphertext alone.
 *
 * @module
 */
import type { BlockCipher, RandomSource } from '../../crypto/provider.js';
import { constantTimeEqual } from '../../crypto/bytes.js';
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { badRecordMac, newRecord } from './common.js';
import type { RecordMac } from './mac.js';
import { checkPadding, paddingLength, writePadding } from './padding.js';
import { RandomPool } from './random-pool.js';

/** How an encrypt-then-MAC state is set up. */
export interface EtmOptions {
  readonly cipher: BlockCipher;
  readonly blockLength: number;
  readonly mac: RecordMac;
  /** TLS 1.1 and later: an explicit IV per record. */
  readonly explicitIv: boolean;
  readonly random: RandomSource;
  readonly randomPadding?: boolean;
  readonly description: string;
}

/** CBC encrypt-then-MAC for one direction. */
export class EtmProtection implements ProtectionState {
  readonly isNull = false;
  readonly tls13 = false;
  readonly implicitIv: boolean;
  readonly sequence = new SequenceNumber();
  readonly description: string;
  readonly #o: EtmOptions;
  readonly #ivLength: number;
  readonly #random: RandomPool;

  constructor(options: EtmOptions) {
    this.#o = options;
    this.description = options.description;
    this.implicitIv = !options.explicitIv;
    this.#random = new RandomPool(options.random);
    this.#ivLength = options.explicitIv ? options.blockLength : 0;
  }

  seal(contentType: number, version: number, plaintext: Uint8Array): Uint8Array {
    const o = this.#o;
    const seq = this.sequence.take();
    const pad = paddingLength(plaintext.length, o.blockLength, o.randomPadding ? this.#random : undefined);
    const ivLength = this.#ivLength;
    const encrypted = ivLength + plaintext.length + pad + 1;
    const record = newRecord(contentType, version, encrypted + o.mac.length);
    const body = record.subarray(5, 5 + encrypted);
    if (ivLength > 0) body.set(this.#random.take(ivLength)); // see cbc.ts: E(R xor chain) becomes the IV
    body.set(plaintext, ivLength);
    writePadding(body, pad);
    o.cipher.update(body, body);
    record.set(o.mac.compute(seq, contentType, version, body), 5 + encrypted);
    return record;
  }

  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord {
    const o = this.#o;
    const seq = this.sequence.take();
    const encrypted = fragment.length - o.mac.length;
    if (encrypted < this.#ivLength + o.blockLength || encrypted % o.blockLength !== 0) throw badRecordMac();
    const body = fragment.subarray(0, encrypted);
    const expected = o.mac.compute(seq, contentType, version, body);
    if (!constantTimeEqual(expected, fragment.subarray(encrypted))) throw badRecordMac();
    o.cipher.update(body, body);
    const plaintext = body.subarray(this.#ivLength);
    // RFC 7366 3: a bad padding after a good MAC is still bad_record_mac.
    const dataLength = checkPadding(plaintext);
    if (dataLength < 0) throw badRecordMac();
    return { contentType, data: plaintext.subarray(0, dataLength) };
  }
}
