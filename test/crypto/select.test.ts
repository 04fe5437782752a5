/**
 * Run-time selection: which implementation serves each algorithm, the
 * probe that keeps a broken native algorithm out, and the switches
 * (TLSLITE_PURE, cipherImplementations).
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeProviders, providerFor, providerInfo, defaultProvider } from '../../src/crypto/select.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { nativeProvider } from '../../src/crypto/native/index.js';
import type { AeadAlgorithm, PartialCryptoProvider } from '../../src/crypto/provider.js';

/** A stand-in native provider built from pure algorithms relabelled as native. */
function fakeNative(aes128gcm: AeadAlgorithm | undefined, missing: Record<string, string> = {}): PartialCryptoProvider {
  return {
    name: 'native',
    hashes: { sha256: { ...pureProvider.hashes.sha256, implementation: 'native' } },
    hmacs: {},
    aeads: aes128gcm ? { aes128gcm } : {},
    blockCiphers: {},
    streamCiphers: {},
    ecdh: {},
    ecdsa: {},
    eddsa: {},
    kems: {},
    missing,
  };
}

const relabelled = (a: AeadAlgorithm): AeadAlgorithm => ({
  name: a.name,
  implementation: 'native',
  keyLength: a.keyLength,
  nonceLength: a.nonceLength,
  tagLength: a.tagLength,
  key: (k) => a.key(k),
});

t.test('a native algorithm that passes its probe is used', async (t) => {
  const p = mergeProviders({ native: fakeNative(relabelled(pureProvider.aeads.aes128gcm)), pure: pureProvider }, ['native', 'pure']);
  t.equal(p.aeads.aes128gcm.implementation, 'native');
  t.equal(p.hashes.sha256.implementation, 'native');
  t.equal(p.hashes.sha384.implementation, 'pure', 'absent from native: pure');
  const info = providerInfo(p);
  t.match(info.find((r) => r.algorithm === 'aeads.aes128gcm'), { implementation: 'native', reason: /passed its probe/ });
  t.match(info.find((r) => r.algorithm === 'hashes.sha384'), { implementation: 'pure', reason: /native unavailable: the addon does not offer it/ });
});

t.test('a native algorithm that gives a wrong answer is replaced by pure', async (t) => {
  const good = pureProvider.aeads.aes128gcm;
  const broken: AeadAlgorithm = {
    ...relabelled(good),
    key: (k) => {
      const inner = good.key(k);
      return {
        seal: (n, a, pt) => {
          const out = inner.seal(n, a, pt);
          out[0]! ^= 0x80; // a miscompiled cipher
          return out;
        },
        open: (n, a, ct) => inner.open(n, a, ct),
      };
    },
  };
  const p = mergeProviders({ native: fakeNative(broken), pure: pureProvider }, ['native', 'pure']);
  t.equal(p.aeads.aes128gcm, good, 'the pure object serves it');
  t.match(providerInfo(p).find((r) => r.algorithm === 'aeads.aes128gcm')?.reason, /native probe failed: AEAD seal differs/);
});

t.test('a missing native algorithm reports the reason the addon gave', async (t) => {
  const p = mergeProviders({ native: fakeNative(undefined, { 'aeads.aes128gcm': 'OpenSSL lacks it here' }), pure: pureProvider }, [
    'native',
    'pure',
  ]);
  t.equal(p.aeads.aes128gcm.implementation, 'pure');
  t.match(providerInfo(p).find((r) => r.algorithm === 'aeads.aes128gcm')?.reason, /OpenSSL lacks it here/);
});

t.test('no addon: everything pure, with the load error as the reason', async (t) => {
  const p = mergeProviders({ native: null, nativeLoadError: 'no addon found: test', pure: pureProvider }, ['native', 'pure']);
  const info = providerInfo(p);
  t.ok(info.length >= 30, `${info.length} algorithms reported`);
  t.ok(info.every((r) => r.implementation === 'pure' && r.reason.includes('no addon found: test')));
});

t.test('cipherImplementations orders implementations; pure first means pure', async (t) => {
  const native = fakeNative(relabelled(pureProvider.aeads.aes128gcm));
  const p = mergeProviders({ native, pure: pureProvider }, ['pure', 'native']);
  t.equal(p.aeads.aes128gcm.implementation, 'pure');
  t.match(providerInfo(p).find((r) => r.algorithm === 'aeads.aes128gcm')?.reason, /puts pure first/);
  const forced = mergeProviders({ native, pure: pureProvider }, ['native', 'pure'], true);
  t.equal(forced.aeads.aes128gcm.implementation, 'pure');
  t.equal(forced.name, 'pure');
});

t.test('cipherImplementations names are validated', async (t) => {
  t.throws(() => providerFor([]), TypeError);
  t.throws(() => providerFor(['gpu']), /cipherImplementations: unknown implementation "gpu"/);
  t.equal(providerFor(['python']), providerFor(['pure']), 'the seed name "python" means pure');
  t.equal(providerFor(['openssl', 'python']), defaultProvider(), 'the seed name "openssl" means native');
});

t.test('the real default provider covers every algorithm of the interface', async (t) => {
  const info = providerInfo();
  const paths = info.map((r) => r.algorithm);
  for (const expected of ['hashes.md5', 'hmacs.sha512', 'aeads.aes256ccm_8', 'blockCiphers.3des', 'streamCiphers.rc4', 'rsa', 'ffdh', 'ecdh.x448', 'ecdsa.secp521r1', 'eddsa.ed448', 'kems.mlkem768', 'random']) {
    t.ok(paths.includes(expected), expected);
  }
  if (nativeProvider) {
    // On this machine's OpenSSL 3.0 everything but ML-KEM is native.
    const pure = info.filter((r) => r.implementation === 'pure').map((r) => r.algorithm);
    t.ok(pure.every((a) => a === 'kems.mlkem768' || a === 'streamCiphers.null'), `served pure: ${pure.join(', ')}`);
  }
});

t.test('TLSLITE_PURE=1 in a fresh process makes the default provider pure', async (t) => {
  const script = `
    import { providerInfo } from './src/crypto/select.ts';
    const info = providerInfo();
    console.log(JSON.stringify(info.filter((r) => r.implementation !== 'pure' || !r.reason.includes('TLSLITE_PURE'))));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: join(dirname(fileURLToPath(import.meta.url)), '..', '..'),
    env: { ...process.env, TLSLITE_PURE: '1' },
    encoding: 'utf8',
  });
  t.same(JSON.parse(out), [], 'every algorithm pure, because of TLSLITE_PURE');
});
