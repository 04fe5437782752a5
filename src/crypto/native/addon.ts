/**
 * Finds and loads the compiled addon.
 *
 * Order: a local build in `build/Release/`, then a prebuilt binary
 * matching this platform from `prebuilds/` (prebuildify's layout). The
 * local build comes first because it exists only where the addon was
 * compiled from source: in a checkout, where it is the code being worked
 * on (a stale prebuilds/ once shadowed a rebuilt addon there), or in an
 * install for which no prebuild matched. A published package carries
 * prebuilds/ and no build/, so users get the shipped binary. We read the
 * layout ourselves to report every candidate's failure and to match libc
 * tags; node-gyp-build still runs at install time, where it skips
 * compiling when a prebuild matches. When nothing loads,
 * `addonLoadError` says why.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The package root: this file is at src/crypto/native/ or dist/crypto/native/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The raw binding object; each family's wrapper declares the part it uses. */
export type NativeBinding = Record<string, unknown> & { opensslVersion: string };

function libc(): 'glibc' | 'musl' | undefined {
  if (process.platform !== 'linux') return undefined;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/**
 * Prebuilt candidates for this platform, best first. prebuildify names
 * files `<package>.<tags>.node`; a Node-API build (ours) carries no `abi`
 * tag and serves every Node version; `glibc`/`musl` must match ours.
 */
function prebuiltCandidates(root: string): string[] {
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  if (!existsSync(dir)) return [];
  const wantLibc = libc();
  const usable = (file: string) => {
    const tags = file.split('.').slice(1, -1);
    const abi = tags.find((t) => t.startsWith('abi'));
    if (abi !== undefined && abi !== `abi${process.versions.modules}`) return false;
    if (tags.some((t) => t === 'electron' || t === 'node-webkit')) return false;
    const fileLibc = tags.find((t) => t === 'glibc' || t === 'musl');
    return fileLibc === undefined || fileLibc === wantLibc;
  };
  return readdirSync(dir)
    .filter((file) => file.endsWith('.node') && usable(file))
    .sort((a, b) => b.split('.').length - a.split('.').length) // the most specific tags first
    .map((file) => join(dir, file));
}

function load(): { binding: NativeBinding | null; path: string | null; error: string | null } {
  const root = packageRoot;
  const candidates = [join(root, 'build', 'Release', 'tlslite_native.node'), ...prebuiltCandidates(root)];
  const failures: string[] = [];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    try {
      return { binding: require(candidate) as NativeBinding, path: candidate, error: null };
    } catch (err) {
      failures.push(`${candidate}: ${(err as Error).message}`);
    }
  }
  const error =
    failures.length > 0
      ? `the addon failed to load (${failures.join('; ')})`
      : `no addon found: neither a matching prebuilds/${process.platform}-${process.arch}/*.node nor build/Release/tlslite_native.node exists`;
  return { binding: null, path: null, error };
}

const loaded = load();

/** The loaded binding, or null. */
export const binding: NativeBinding | null = loaded.binding;
/** The file it was loaded from, or null. */
export const addonPath: string | null = loaded.path;
/** Why no addon loaded, or null when one did. */
export const addonLoadError: string | null = loaded.error;
