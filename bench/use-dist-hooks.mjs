// Resolve hook for bench/use-dist.mjs: ../src/X.js imported from bench/
// (or from a module already in dist/) becomes ../dist/X.js.
const SRC = new URL('../src/', import.meta.url).href;
const DIST = new URL('../dist/', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith(SRC)) {
    const url = DIST + resolved.url.slice(SRC.length).replace(/\.ts$/, '.js');
    return { ...resolved, url, format: 'module' };
  }
  return resolved;
}
