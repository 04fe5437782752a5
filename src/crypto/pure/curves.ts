/**
 * The pure provider's elliptic-curve and post-quantum algorithms, one
 * file per family beside this one.
 *
 * @module
 */
export { pureEcdh } from './ecdh.js';
export { pureEcdsa } from './ecdsa.js';
export { pureEddsa } from './eddsa.js';
export { pureKems } from './mlkem.js';
