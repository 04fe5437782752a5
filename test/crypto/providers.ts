/**
 * The providers every crypto test runs against: pure, native (when the
 * addon loaded), and the merged default. Tests iterate over these so both
 * implementations pass the same assertions.
 */
import type { CryptoProvider, PartialCryptoProvider } from '../../src/crypto/provider.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { nativeProvider, nativeLoadError } from '../../src/crypto/native/index.js';
import { defaultProvider } from '../../src/crypto/select.js';

export interface NamedProvider {
  /** "pure", "native" or "default". */
  readonly label: string;
  readonly provider: CryptoProvider | PartialCryptoProvider;
}

/**
 * Algorithms the native provider may legitimately lack on this machine's
 * OpenSSL (3.0 has no ML-KEM). Anything else missing is a failure, so a
 * broken addon cannot pass by skipping.
 */
export const NATIVE_MAY_LACK = new Set(['kems.mlkem768']);

export function providers(): NamedProvider[] {
  const list: NamedProvider[] = [{ label: 'pure', provider: pureProvider }];
  if (nativeProvider) list.push({ label: 'native', provider: nativeProvider });
  else if (process.env['CI'] || process.env['TLSLITE_REQUIRE_NATIVE']) {
    throw new Error(`the native addon must load in CI: ${nativeLoadError}`);
  }
  list.push({ label: 'default', provider: defaultProvider() });
  return list;
}

/**
 * The algorithm `group.name` of `provider`, or undefined when a partial
 * provider lacks it and is allowed to (see NATIVE_MAY_LACK); throws when
 * it lacks it and is not.
 */
export function algorithm<T>(p: NamedProvider, group: string, name?: string): T | undefined {
  const entry = (p.provider as unknown as Record<string, unknown>)[group];
  const value = name === undefined ? entry : (entry as Record<string, unknown> | undefined)?.[name];
  if (value !== undefined) return value as T;
  const path = name === undefined ? group : `${group}.${name}`;
  if (p.label === 'native' && NATIVE_MAY_LACK.has(path)) return undefined;
  throw new Error(`${p.label} provider lacks ${path}`);
}
