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
export { prf, pHash, ssl3Prf, type PrfAlgorithm } from './prf.js';
export { hkdfExtract, hkdfExpand, hkdfExpandLabel, deriveSecret } from './hkdf.js';
export * from './rsa/index.js';
export { ECDSAKey } from './ecdsa-key.js';
export { EdDSAKey } from './eddsa-key.js';
export {
  FFDHE_GROUPS,
  RFC7919_GROUPS,
  RFC3526_GROUPS,
  ffdhGroup,
  findFfdhGroup,
  type FfdhGroup,
  type FfdhGroupName,
} from './ffdhe.js';
