/**
 * The native provider: OpenSSL through the addon. `null` when the addon
 * cannot be loaded (`nativeLoadError` says why). Algorithms the running
 * OpenSSL lacks are absent, with the reason in `missing`.
 *
 * @module
 */
import type { PartialCryptoProvider } from '../provider.js';
import { addonLoadError, binding, type NativeBinding } from './addon.js';
import { nativeSymmetric } from './symmetric.js';
import { nativeAsymmetric } from './asymmetric.js';

function build(b: NativeBinding): PartialCryptoProvider {
  const sym = nativeSymmetric(b);
  const asym = nativeAsymmetric(b);
  return {
    name: 'native',
    ...sym,
    ...asym,
    missing: { ...sym.missing, ...asym.missing },
  };
}

/** The native provider, or null when the addon did not load. */
export const nativeProvider: PartialCryptoProvider | null = binding ? build(binding) : null;

/** Why the addon did not load, or null. */
export const nativeLoadError: string | null = addonLoadError;

export { addonPath } from './addon.js';
