// Placeholder until the native symmetric work lands.
import type { PartialCryptoProvider } from '../provider.js';
import type { NativeBinding } from './addon.js';

export type NativeSymmetric = Pick<PartialCryptoProvider, 'hashes' | 'hmacs' | 'aeads' | 'blockCiphers' | 'streamCiphers' | 'random'> & {
  missing: Record<string, string>;
};

export function nativeSymmetric(_binding: NativeBinding): NativeSymmetric {
  return { hashes: {}, hmacs: {}, aeads: {}, blockCiphers: {}, streamCiphers: {}, missing: {} };
}
