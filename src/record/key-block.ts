/**
 * Cutting the key block into the keys of each direction (RFC 5246 6.3,
 * RFC 6101 6.2.2):
 *
 *   client_write_MAC_key || server_write_MAC_key ||
 *   client_write_key     || server_write_key     ||
 *   client_write_IV      || server_write_IV
 *
 * IVs come from the key block for SSLv3/TLS 1.0 CBC (the first chain
 * value) and for AEADs (the fixed "salt" or IV, RFC 5288 3, RFC 7905 2);
 * TLS 1.1+ CBC sends its IVs explicitly and takes none (RFC 4346 6.3).
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { ProtocolVersion } from '../constants.js';
import type { CipherSpec, KeyMaterial } from './protection/index.js';
import { nonceModeOf } from './protection/index.js';

/** Sizes of one direction's keys. */
export interface KeySizes {
  readonly macKeyLength: number;
  readonly keyLength: number;
  readonly ivLength: number;
}

/** The key sizes `spec` needs under `version`. */
export function keySizes(provider: CryptoProvider, version: number, spec: CipherSpec): KeySizes {
  switch (spec.type) {
    case 'null':
      return { macKeyLength: 0, keyLength: 0, ivLength: 0 };
    case 'stream':
      return {
        macKeyLength: provider.hmacs[spec.mac].outputLength,
        keyLength: provider.streamCiphers[spec.cipher].keyLength,
        ivLength: 0,
      };
    case 'cbc': {
      const alg = provider.blockCiphers[spec.cipher];
      return {
        macKeyLength: provider.hmacs[spec.mac].outputLength,
        keyLength: alg.keyLength,
        ivLength: version >= ProtocolVersion.TLS1_1 ? 0 : alg.ivLength,
      };
    }
    case 'aead': {
      const alg = provider.aeads[spec.cipher];
      const ivLength = version >= ProtocolVersion.TLS1_3 || nonceModeOf(spec.cipher) === 'xor' ? 12 : 4;
      return { macKeyLength: 0, keyLength: alg.keyLength, ivLength };
    }
  }
}

/** Bytes of key block the PRF must produce for `sizes`. */
export function keyBlockLength(sizes: KeySizes): number {
  return 2 * (sizes.macKeyLength + sizes.keyLength + sizes.ivLength);
}

/** Splits `keyBlock` (at least `keyBlockLength(sizes)` bytes) into the client's and the server's keys. */
export function splitKeyBlock(keyBlock: Uint8Array, sizes: KeySizes): { client: KeyMaterial; server: KeyMaterial } {
  const need = keyBlockLength(sizes);
  if (keyBlock.length < need) throw new RangeError(`keyBlock must be at least ${need} bytes long, got ${keyBlock.length}`);
  let pos = 0;
  const take = (n: number) => keyBlock.slice(pos, (pos += n));
  const clientMac = take(sizes.macKeyLength);
  const serverMac = take(sizes.macKeyLength);
  const clientKey = take(sizes.keyLength);
  const serverKey = take(sizes.keyLength);
  const clientIv = take(sizes.ivLength);
  const serverIv = take(sizes.ivLength);
  return {
    client: { macKey: clientMac, key: clientKey, iv: clientIv },
    server: { macKey: serverMac, key: serverKey, iv: serverIv },
  };
}
