/**
 * The "null" stream cipher of the TLS_*_WITH_NULL_* suites (RFC 5246
 * 6.2.3.1): the identity, so that the record layer treats every stream
 * suite alike.
 *
 * @module
 */
import type { StreamCipher, StreamCipherAlgorithm } from '../provider.js';
import { checkBytes, outputBuffer } from '../bytes.js';

/**
 * Without `out`, update() returns a COPY of its input, never the input
 * itself: every other cipher returns memory the caller owns, and a caller
 * that later changes the result (or its input) must not see the other
 * change too. With `out`, the input is copied into it (a no-op when `out`
 * is the input).
 */
const identity: StreamCipher = Object.freeze({
  update(data: Uint8Array, out?: Uint8Array): Uint8Array {
    checkBytes(data, 'data');
    if (out === undefined) return new Uint8Array(data); // a copy even for a Buffer, whose slice() shares memory
    const dst = outputBuffer(out, data.length);
    if (dst !== data) dst.set(data);
    return dst;
  },
});

/** The null cipher. Its key is ignored: any Uint8Array (normally empty) is accepted. */
export const pureNullCipher: StreamCipherAlgorithm = Object.freeze({
  name: 'null' as const,
  implementation: 'pure' as const,
  keyLength: 0,
  key(key: Uint8Array): StreamCipher {
    checkBytes(key, 'key');
    return identity;
  },
});
