// Loaded after tsx by the bench scripts (see package.json): benchmarks
// measure the code users run, the compiled dist/, not src/ as tsx
// transpiles it (tsx wraps every function in a keepNames helper and turns
// on source maps, which made each Error's stack cost ~40 µs instead of
// ~17). The bench files still import ../src/ for their types; this hook
// sends those imports to ../dist/ (built by `npm run build:ts` first).
import { register } from 'node:module';

process.setSourceMapsEnabled(false);
register('./use-dist-hooks.mjs', import.meta.url);
