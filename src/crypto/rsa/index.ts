/**
 * RSA above the provider: the `RSAKey` class and the encodings it uses
 * (PKCS#1 v1.5, PSS, the TLS premaster decryption).
 *
 * @module
 */
export { RSAKey, type RsaSignatureOptions } from './key.js';
export {
  emsaPkcs1v15Encode,
  pkcs1v15Type2Pad,
  isPkcs1HashName,
  PKCS1_DIGEST_LENGTHS,
  type Pkcs1HashName,
} from './pkcs1.js';
export { emsaPssEncode, emsaPssVerify, mgf1 } from './pss.js';
export { decryptPremaster, PREMASTER_LENGTH } from './premaster.js';
