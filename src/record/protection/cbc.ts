/**
 * CBC with MAC-then-encrypt (RFC 5246 6.2.3.2, RFC 4346 6.2.3.2, RFC 2246
 * 6.2.3.2, RFC 6101 5.2.3.2): data || MAC || padding is encrypted.
 *
 * IVs. SSLv3 and TLS 1.0 chain the IV: a record's IV is the last
 * ciphertext block of the previous one (the provider's BlockCipher keeps
 * that state across calls). TLS 1.1 and 1.2 send an explicit IV in front
 * of each record. With a chaining cipher this costs no re-keying: a random
 * block R is put in front of the data and the whole is encrypted with the
 * running chain value, so the first ciphertext block, E(R xor chain), is
 * unpredictable and serves as the record's IV; the receiver decrypts the
 * whole fragment and throws the first plaintext block away. RFC 4346
 * 6.2.3.2 lists exactly this as option (2)(b).
 *
 * The incoming check is constant-time against Lucky 13: see constant-time.ts.
 *
 * @module
 */
import type { BlockCipher, RandomSource } from '../../crypto/provider.js';
import { SequenceNumber } from '../sequence.js';
import type { OpenedRecord, ProtectionState } from '../types.js';
import { badRecordMac, newRecord } from './common.js';
import { checkMacAndPadding } from './constant-time.js';
import type { RecordMac } from './mac.js';
import { paddingLength, writePadding } from './padding.js';
import { RandomPool } from './random-pool.js';

/** How a CBC state is set up. */
export interface CbcOptions {
  /** The encryptor (write state) or decryptor (read state), keyed and with its initial IV. */
  readonly cipher: BlockCipher;
  readonly blockLength: number;
  readonly mac: RecordMac;
  /** TLS 1.1 and later: an explicit IV per record. */
  readonly explicitIv: boolean;
  /** SSLv3's padding rule (and its MAC, which `mac` already is). */
  readonly ssl3: boolean;
  /** Random source for explicit IVs and, when `randomPadding`, padding lengths. */
  readonly random: RandomSource;
  /** Random padding lengths instead of minimal ones (not in SSLv3). */
  readonly randomPadding?: boolean;
  readonly description: string;
}

/** CBC MAC-then-encrypt for one direction. */
export class CbcProtection implements ProtectionState {
  readonly isNull = false;
  readonly tls13 = false;
  readonly implicitIv: boolean;
  readonly sequence = new SequenceNumber();
  readonly description: string;
  readonly #o: CbcOptions;
  readonly #ivLength: number;
  readonly #random: RandomPool;
  readonly #scratch: Uint8Array;
  /** Smallest valid fragment: the IV, then whole blocks holding at least the MAC and the padding length byte. */
  readonly #minFragment: number;

  constructor(options: CbcOptions) {
    this.#o = options;
    this.description = options.description;
    this.implicitIv = !options.explicitIv;
    const b = options.blockLength;
    this.#random = new RandomPool(options.random);
    this.#ivLength = options.explicitIv ? b : 0;
    this.#scratch = new Uint8Array(options.mac.length);
    this.#minFragment = this.#ivLength + Math.ceil((options.mac.length + 1) / b) * b;
  }

  seal(contentType: number, version: number, plaintext: Uint8Array): Uint8Array {
    const o = this.#o;
    const mac = o.mac.compute(this.sequence.take(), contentType, version, plaintext);
    const content = plaintext.length + mac.length;
    const random = o.randomPadding && !o.ssl3 ? this.#random : undefined;
    const pad = paddingLength(content, o.blockLength, random);
    const ivLength = this.#ivLength;
    const record = newRecord(contentType, version, ivLength + content + pad + 1);
    const body = record.subarray(5);
    if (ivLength > 0) body.set(this.#random.take(ivLength));
    body.set(plaintext, ivLength);
    body.set(mac, ivLength + plaintext.length);
    writePadding(body, pad);
    o.cipher.update(body, body);
    return record;
  }

  open(contentType: number, version: number, fragment: Uint8Array): OpenedRecord {
    const o = this.#o;
    const seq = this.sequence.take();
    // Public properties (the length is on the wire): no timing care needed.
    if (fragment.length % o.blockLength !== 0 || fragment.length < this.#minFragment) throw badRecordMac();
    o.cipher.update(fragment, fragment);
    const plaintext = fragment.subarray(this.#ivLength);
    const dataLength = checkMacAndPadding(plaintext, o.mac, seq, contentType, version, o.blockLength, o.ssl3, this.#scratch);
    if (dataLength < 0) throw badRecordMac();
    return { contentType, data: plaintext.subarray(0, dataLength) };
  }
}
