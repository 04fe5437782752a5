/**
 * `encode(write)`: the bytes a codec's `write` produces (see codec/encode.ts).
 *
 * @module
 */
export { encode } from '../codec/encode.js';
