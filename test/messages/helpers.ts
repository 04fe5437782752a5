/** Shared helpers for the message codec tests. */
import { Parser } from '../../src/codec/parser.js';
import type { Writer } from '../../src/codec/writer.js';
import { encode } from '../../src/messages/encode.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';
import { TLSError } from '../../src/errors.js';

export { fromHex, toHex };

/** Hex with spaces and newlines allowed. */
export function hex(text: string): Uint8Array {
  return fromHex(text.replace(/\s+/g, ''));
}

/** Parses `bytes` with `read`, requiring that everything is consumed. */
export function parseAll<T>(bytes: Uint8Array, read: (p: Parser) => T): T {
  const p = new Parser(bytes);
  const value = read(p);
  p.end();
  return value;
}

/** Serializes with `write`. */
export function serialize(write: (w: Writer) => void): Uint8Array {
  return encode(write);
}

/** Runs `fn`, returning the error thrown (or undefined). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * Every proper prefix of `bytes` must fail with a TLSError (usually
 * TLSDecodeError), never another exception and never success.
 * Returns the number of prefixes that misbehaved.
 */
export function truncationFailures(bytes: Uint8Array, read: (p: Parser) => unknown): string[] {
  const failures: string[] = [];
  for (let n = 0; n < bytes.length; n++) {
    const e = thrown(() => parseAll(bytes.subarray(0, n), read));
    if (!(e instanceof TLSError)) failures.push(`prefix ${n}: ${e === undefined ? 'parsed' : String(e)}`);
  }
  return failures;
}
