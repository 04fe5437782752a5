/**
 * `encode(write)`: the bytes a codec's `write` produces.
 *
 * @module
 */
import { Writer } from '../codec/writer.js';

/** The bytes `write` produces, as a fresh array. */
export function encode(write: (w: Writer) => void, sizeHint = 256): Uint8Array {
  const w = new Writer(sizeHint);
  write(w);
  return w.finish();
}
