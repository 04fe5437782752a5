/**
 * `tlslite-ng/crypto`: the crypto providers and what is built on them.
 *
 * @module
 */
export type * from './provider.js';
export {
  HASH_NAMES,
  AEAD_NAMES,
  BLOCK_CIPHER_NAMES,
  STREAM_CIPHER_NAMES,
  ECDH_GROUP_NAMES,
  ECDSA_CURVE_NAMES,
  EDDSA_NAMES,
  KEM_NAMES,
} from './provider.js';
export { pureProvider } from './pure/index.js';
export { nativeProvider, nativeLoadError, addonPath } from './native/index.js';
export { defaultProvider, providerFor, providerInfo, type AlgorithmReport } from './select.js';
export { constantTimeEqual, toHex, fromHex } from './bytes.js';
