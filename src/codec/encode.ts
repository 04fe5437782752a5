/**
 * `encode(write)`: the bytes a `Writer` callback produces, written into a
 * reused writer.
 *
 * @module
 */
import { Writer } from './writer.js';

/**
 * Writers kept for reuse. A handshake encodes a few dozen structures
 * (each message, each extension), and a fresh writer's buffer is an
 * allocation outside the JavaScript heap each time; encodes may nest
 * (an extension inside a message), so this is a stack, not one writer.
 * A writer is wiped when it comes back (what it held may be secret).
 */
const idle: Writer[] = [];
const IDLE_MAX = 8;

/** The bytes `write` produces, as a fresh array. */
export function encode(write: (w: Writer) => void, sizeHint = 256): Uint8Array {
  const w = idle.pop() ?? new Writer(Math.max(sizeHint, 1024));
  try {
    write(w);
    return w.finish();
  } finally {
    w.clear();
    if (idle.length < IDLE_MAX) idle.push(w);
  }
}
