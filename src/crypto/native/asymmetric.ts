// Placeholder until the native asymmetric work lands.
import type { PartialCryptoProvider } from '../provider.js';
import type { NativeBinding } from './addon.js';

export type NativeAsymmetric = Pick<PartialCryptoProvider, 'rsa' | 'ffdh' | 'ecdh' | 'ecdsa' | 'eddsa' | 'kems'> & {
  missing: Record<string, string>;
};

export function nativeAsymmetric(_binding: NativeBinding): NativeAsymmetric {
  return { ecdh: {}, ecdsa: {}, eddsa: {}, kems: {}, missing: {} };
}
