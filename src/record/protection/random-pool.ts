/**
 * Random bytes for explicit CBC IVs and random padding lengths, drawn from
 * the provider's CSPRNG in blocks: one call for 16 bytes costs several
 * microseconds (more than encrypting a 1 KiB record natively), so bytes
 * are fetched a kilobyte at a time and handed out in order. Each byte is
 * used once; IVs go on the wire anyway, so holding a kilobyte of future
 * IVs in memory reveals nothing an eavesdropper will not soon see.
 *
 * @module
 */
import type { RandomSource } from '../../crypto/provider.js';

const POOL_SIZE = 1024;

/** Hands out fresh random bytes from a buffer refilled by `source`. */
export class RandomPool {
  readonly #source: RandomSource;
  #pool: Uint8Array = new Uint8Array(0);
  #pos = 0;

  constructor(source: RandomSource) {
    this.#source = source;
  }

  /**
   * `length` (at most 1024) unused random bytes, as a view that stays valid
   * until the next call: copy them out before calling again.
   */
  take(length: number): Uint8Array {
    if (this.#pos + length > this.#pool.length) {
      this.#pool = this.#source.bytes(Math.max(POOL_SIZE, length));
      this.#pos = 0;
    }
    const view = this.#pool.subarray(this.#pos, this.#pos + length);
    this.#pos += length;
    return view;
  }
}
