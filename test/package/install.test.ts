/**
 * Packaging: build a prebuilt binary with prebuildify, pack the library,
 * install the tarball into a fresh project, and show that
 * - it loads the addon from prebuilds/ without compiling anything,
 * - TLSLITE_PURE=1 turns that native install pure,
 * - with the prebuilt binary removed the same install runs pure and says why.
 *
 * Works on a copy of the package in a temporary directory so the
 * checkout's own build/ and prebuilds/ are left alone.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'tlslite-pack-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// The package as a user's registry would see it: sources, gyp file, native code.
const pkg = join(work, 'pkg');
mkdirSync(pkg);
for (const entry of ['package.json', 'binding.gyp', 'native', 'src', 'tsconfig.json', 'tsconfig.build.json', 'README.md']) {
  if (existsSync(join(root, entry))) cpSync(join(root, entry), join(pkg, entry), { recursive: true });
}
symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');

t.test('prebuildify writes a Node-API binary for this platform', async (t) => {
  run('npx', ['prebuildify', '--napi', '--strip', '--tag-libc'], pkg);
  const dir = join(pkg, 'prebuilds', `${process.platform}-${process.arch}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.node'));
  // A Node-API build has no abi tag: one binary for every Node version.
  t.ok(files.length > 0 && files.every((f) => !/\.abi\d+\./.test(f)), `Node-API prebuild: ${files.join(', ')}`);
});

let tarball = '';
t.test('npm pack includes the prebuilt binary and the compiled library', async (t) => {
  const out = run('npm', ['pack', '--json', '--pack-destination', work], pkg);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  const paths = info.files.map((f) => f.path);
  t.ok(paths.some((p) => p.startsWith('prebuilds/') && p.endsWith('.node')), 'prebuilds/ is packed');
  t.ok(paths.includes('dist/crypto/index.js'), 'dist/ is packed');
  t.notOk(paths.some((p) => p.startsWith('build/')), 'no local build is packed');
  t.notOk(paths.some((p) => p.startsWith('test/')), 'tests are not packed');
});

const app = join(work, 'app');
const probe = `
import * as c from 'tlslite-ng/crypto';
const info = c.providerInfo();
console.log(JSON.stringify({
  addonPath: c.addonPath,
  loadError: c.nativeLoadError,
  native: info.filter((r) => r.implementation === 'native').map((r) => r.algorithm),
  pure: info.filter((r) => r.implementation === 'pure').map((r) => r.algorithm + ': ' + r.reason),
  sha256: c.toHex(c.defaultProvider().hashes.sha256.digest(new TextEncoder().encode('abc'))),
}));`;
const inspect = (env: NodeJS.ProcessEnv = {}) =>
  JSON.parse(run(process.execPath, ['--input-type=module', '-e', probe], app, env)) as {
    addonPath: string | null;
    loadError: string | null;
    native: string[];
    pure: string[];
    sha256: string;
  };
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

t.test('installing the tarball uses the prebuilt binary, compiling nothing', async (t) => {
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  const installed = join(app, 'node_modules', 'tlslite-ng');
  t.notOk(existsSync(join(installed, 'build')), 'no build/ directory: node-gyp did not run');
  const state = inspect();
  t.match(state.addonPath, /prebuilds[/\\].*\.node$/, 'the addon came from prebuilds/');
  t.ok(state.native.includes('aeads.aes128gcm'), 'AES-GCM is native');
  t.ok(state.native.includes('rsa'), 'RSA is native');
  t.equal(state.sha256, ABC);
});

t.test('TLSLITE_PURE=1 makes the same install pure', async (t) => {
  const state = inspect({ TLSLITE_PURE: '1' });
  t.same(state.native, [], 'nothing native');
  t.ok(state.pure.every((line) => line.includes('TLSLITE_PURE')), 'every algorithm says why');
  t.equal(state.sha256, ABC);
});

t.test('without the prebuilt binary the install runs pure and says why', async (t) => {
  rmSync(join(app, 'node_modules', 'tlslite-ng', 'prebuilds'), { recursive: true, force: true });
  const state = inspect();
  t.equal(state.addonPath, null);
  t.match(state.loadError, /no addon found/);
  t.same(state.native, [], 'nothing native');
  t.ok(state.pure.every((line) => line.includes('the addon did not load')), 'every algorithm says why');
  t.equal(state.sha256, ABC);
});
