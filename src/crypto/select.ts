/**
 * Choosing an implementation per algorithm at run time.
 *
 * A merged provider serves each algorithm from the first implementation
 * in its order that has it and whose probe passed; pure is always the
 * last resort, so a merged provider is complete. Probes run at first use
 * of each algorithm, once per native provider.
 *
 * `TLSLITE_PURE=1` in the environment makes every provider pure.
 *
 * @module
 */
import {
  ALGORITHM_GROUPS,
  SINGLE_ALGORITHMS,
  type AlgorithmInfo,
  type CryptoProvider,
  type Implementation,
  type PartialCryptoProvider,
} from './provider.js';
import { PROBES } from './probes.js';
import { pureProvider } from './pure/index.js';
import { nativeLoadError, nativeProvider } from './native/index.js';

/** One line of `providerInfo()`. */
export interface AlgorithmReport {
  /** Provider path of the algorithm, e.g. `"aeads.aes128gcm"` or `"rsa"`. */
  readonly algorithm: string;
  readonly implementation: Implementation;
  /** Why this implementation serves it. */
  readonly reason: string;
}

type Group = (typeof ALGORITHM_GROUPS)[number];
type Single = (typeof SINGLE_ALGORITHMS)[number];

/** Where a merged provider takes its parts from. */
export interface ProviderSources {
  /** The native provider, or null when it did not load. */
  readonly native: PartialCryptoProvider | null;
  /** Why the native provider is null. */
  readonly nativeLoadError?: string | null;
  /** The complete fallback. */
  readonly pure: CryptoProvider;
}

function lookup(provider: PartialCryptoProvider | CryptoProvider, group: Group | Single, name?: string): AlgorithmInfo | undefined {
  const entry = (provider as unknown as Record<string, unknown>)[group];
  if (name === undefined) return entry as AlgorithmInfo | undefined;
  return (entry as Record<string, AlgorithmInfo | undefined> | undefined)?.[name];
}

/** Probe results per native provider and path: null when it passed, else why not. */
const probeResults = new WeakMap<PartialCryptoProvider, Map<string, string | null>>();

/** The native algorithm at `group.name`, or why it cannot be used. */
function usableNative(sources: ProviderSources, group: Group | Single, name?: string): AlgorithmInfo | string {
  const { native, pure } = sources;
  if (!native) return `the addon did not load: ${sources.nativeLoadError ?? 'unknown reason'}`;
  const path = name === undefined ? group : `${group}.${name}`;
  const algorithm = lookup(native, group, name);
  if (!algorithm) return native.missing?.[path] ?? 'the addon does not offer it';
  let results = probeResults.get(native);
  if (!results) probeResults.set(native, (results = new Map()));
  let result = results.get(path);
  if (result === undefined) {
    try {
      PROBES[group](algorithm as never, lookup(pure, group, name) as never);
      result = null;
    } catch (err) {
      result = `native probe failed: ${(err as Error).message}`;
    }
    results.set(path, result);
  }
  return result ?? algorithm;
}

/** Reasons behind each choice of a merged provider, by path. */
const reasonsOf = new WeakMap<CryptoProvider, Map<string, string>>();

/**
 * Builds a provider that serves each algorithm from the first of `order`
 * that can (pure is always the last resort). Algorithms are chosen, and
 * native ones probed, lazily at first use. With `forcePure`, everything
 * is pure.
 */
export function mergeProviders(sources: ProviderSources, order: readonly Implementation[], forcePure = false): CryptoProvider {
  const reasons = new Map<string, string>();
  const choose = (group: Group | Single, name?: string): AlgorithmInfo => {
    const path = name === undefined ? group : `${group}.${name}`;
    const skipped: string[] = [];
    if (!forcePure) {
      for (const implementation of order) {
        if (implementation === 'pure') break;
        const native = usableNative(sources, group, name);
        if (typeof native !== 'string') {
          reasons.set(path, 'OpenSSL via the addon; passed its probe');
          return native;
        }
        skipped.push(native);
      }
    }
    reasons.set(
      path,
      forcePure
        ? 'TLSLITE_PURE is set'
        : skipped.length > 0
          ? `native unavailable: ${skipped.join('; ')}`
          : 'cipherImplementations puts pure first',
    );
    return lookup(sources.pure, group, name)!;
  };
  const define = (holder: object, prop: string, group: Group | Single, name?: string) => {
    let value: AlgorithmInfo | undefined;
    Object.defineProperty(holder, prop, {
      enumerable: true,
      get: () => (value ??= choose(group, name)),
    });
  };
  const target: Record<string, unknown> = { name: forcePure ? 'pure' : order.join('+') };
  for (const group of ALGORITHM_GROUPS) {
    const holder = {};
    for (const name of Object.keys(sources.pure[group])) define(holder, name, group, name);
    target[group] = Object.freeze(holder);
  }
  for (const single of SINGLE_ALGORITHMS) define(target, single, single);
  const provider = Object.freeze(target) as unknown as CryptoProvider;
  reasonsOf.set(provider, reasons);
  return provider;
}

function forcedPure(): boolean {
  const flag = process.env['TLSLITE_PURE'];
  return flag !== undefined && flag !== '' && flag !== '0' && flag.toLowerCase() !== 'false';
}

function normalizeOrder(order: readonly string[]): Implementation[] {
  if (!Array.isArray(order) || order.length === 0) {
    throw new TypeError('cipherImplementations must be a non-empty array of "native" and "pure"');
  }
  const result: Implementation[] = [];
  for (const item of order) {
    // The seed's names: "openssl" (M2Crypto) is our native, "python" our pure.
    const implementation = item === 'openssl' ? 'native' : item === 'python' ? 'pure' : item;
    if (implementation !== 'native' && implementation !== 'pure') {
      throw new RangeError(`cipherImplementations: unknown implementation ${JSON.stringify(item)} (use "native" or "pure")`);
    }
    if (!result.includes(implementation)) result.push(implementation);
  }
  return result;
}

const SOURCES: ProviderSources = { native: nativeProvider, nativeLoadError, pure: pureProvider };
const cache = new Map<string, CryptoProvider>();

/**
 * A provider whose algorithms come from the implementations in `order`
 * (the seed's `cipherImplementations`; `"openssl"` and `"python"` are
 * accepted for `"native"` and `"pure"`), pure being the last resort.
 * `TLSLITE_PURE=1` overrides any order to pure only.
 */
export function providerFor(order: readonly string[]): CryptoProvider {
  const normalized = normalizeOrder(order);
  const force = forcedPure();
  const key = force ? 'forced-pure' : normalized.join(',');
  let provider = cache.get(key);
  if (!provider) cache.set(key, (provider = mergeProviders(SOURCES, normalized, force)));
  return provider;
}

/** The provider connections use unless told otherwise: native where it works, pure elsewhere. */
export function defaultProvider(): CryptoProvider {
  return providerFor(['native', 'pure']);
}

/**
 * Which implementation serves each algorithm of `provider` (default:
 * `defaultProvider()`), and why. Running it probes every native algorithm.
 */
export function providerInfo(provider: CryptoProvider = defaultProvider()): AlgorithmReport[] {
  const reports: AlgorithmReport[] = [];
  const report = (path: string, algorithm: AlgorithmInfo) => {
    const reason =
      reasonsOf.get(provider)?.get(path) ?? (algorithm.implementation === 'native' ? 'OpenSSL via the addon' : 'pure TypeScript');
    reports.push({ algorithm: path, implementation: algorithm.implementation, reason });
  };
  for (const group of ALGORITHM_GROUPS) {
    for (const [name, algorithm] of Object.entries(provider[group] as Record<string, AlgorithmInfo>)) {
      report(`${group}.${name}`, algorithm);
    }
  }
  for (const single of SINGLE_ALGORITHMS) report(single, provider[single]);
  return reports;
}
