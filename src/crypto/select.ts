/**
 * Choosing an implementation per algorithm at run time.
 *
 * A merged provider serves each algorithm from the first implementation
 * in its order that has it and whose probe passed; pure is always the
 * last resort, so a merged provider is complete. Probes run at first use
 * of each algorithm, once per process.
 *
 * `TLSLITE_PURE=1` in the environment makes `defaultProvider()` pure.
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

/** Result of probing one native algorithm: null when it passed, else why not. */
const probeResults = new Map<string, string | null>();

function forcedPure(): boolean {
  const flag = process.env['TLSLITE_PURE'];
  return flag !== undefined && flag !== '' && flag !== '0' && flag.toLowerCase() !== 'false';
}

/** The native algorithm at `path`, or why it cannot be used. */
function nativeAlgorithm(path: string, group: Group | Single, name?: string): AlgorithmInfo | string {
  if (!nativeProvider) return `the addon did not load: ${nativeLoadError}`;
  const native = lookup(nativeProvider, group, name);
  if (!native) return nativeProvider.missing?.[path] ?? 'the addon does not offer it';
  let result = probeResults.get(path);
  if (result === undefined) {
    try {
      PROBES[group](native as never, lookup(pureProvider, group, name) as never);
      result = null;
    } catch (err) {
      result = `native probe failed: ${(err as Error).message}`;
    }
    probeResults.set(path, result);
  }
  return result ?? native;
}

function lookup(provider: PartialCryptoProvider | CryptoProvider, group: Group | Single, name?: string): AlgorithmInfo | undefined {
  const entry = (provider as unknown as Record<string, unknown>)[group];
  if (name === undefined) return entry as AlgorithmInfo | undefined;
  return (entry as Record<string, AlgorithmInfo | undefined> | undefined)?.[name];
}

interface Choice {
  algorithm: AlgorithmInfo;
  reason: string;
}

function choose(order: readonly Implementation[], group: Group | Single, name?: string): Choice {
  const path = name === undefined ? group : `${group}.${name}`;
  const skipped: string[] = [];
  for (const implementation of order) {
    if (implementation === 'pure') break;
    const native = nativeAlgorithm(path, group, name);
    if (typeof native !== 'string') return { algorithm: native, reason: 'OpenSSL via the addon; passed its probe' };
    skipped.push(native);
  }
  const pure = lookup(pureProvider, group, name)!;
  const reason = forcedPure()
    ? 'TLSLITE_PURE is set'
    : skipped.length > 0
      ? `native unavailable: ${skipped.join('; ')}`
      : 'cipherImplementations puts pure first';
  return { algorithm: pure, reason };
}

/** A merged provider plus the reason behind each choice. */
interface Merged {
  provider: CryptoProvider;
  reasons: Map<string, string>;
}

const mergedCache = new Map<string, Merged>();

function merge(order: readonly Implementation[]): Merged {
  const key = order.join(',');
  const cached = mergedCache.get(key);
  if (cached) return cached;
  const reasons = new Map<string, string>();
  const target: Record<string, unknown> = { name: order.join('+') };
  const define = (holder: object, prop: string, group: Group | Single, name?: string) => {
    let value: AlgorithmInfo | undefined;
    Object.defineProperty(holder, prop, {
      enumerable: true,
      get() {
        if (!value) {
          const choice = choose(order, group, name);
          value = choice.algorithm;
          reasons.set(name === undefined ? group : `${group}.${name}`, choice.reason);
        }
        return value;
      },
    });
  };
  for (const group of ALGORITHM_GROUPS) {
    const holder = {};
    for (const name of Object.keys((pureProvider as unknown as Record<string, object>)[group]!)) {
      define(holder, name, group, name);
    }
    target[group] = Object.freeze(holder);
  }
  for (const single of SINGLE_ALGORITHMS) define(target, single, single);
  const merged = { provider: Object.freeze(target) as unknown as CryptoProvider, reasons };
  mergedCache.set(key, merged);
  return merged;
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

/**
 * A provider whose algorithms come from the implementations in `order`
 * (the seed's `cipherImplementations`), pure being the last resort.
 * `TLSLITE_PURE=1` overrides any order to pure only.
 */
export function providerFor(order: readonly string[]): CryptoProvider {
  const normalized = forcedPure() ? (['pure'] as Implementation[]) : normalizeOrder(order);
  return merge(normalized).provider;
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
  const merged = [...mergedCache.values()].find((m) => m.provider === provider);
  const reports: AlgorithmReport[] = [];
  const report = (path: string, algorithm: AlgorithmInfo) => {
    const reason =
      merged?.reasons.get(path) ??
      (algorithm.implementation === 'native' ? 'OpenSSL via the addon' : 'pure TypeScript');
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
