/**
 * `npm start` until the tlslite command exists: shows which implementation
 * serves each algorithm and why, checks a few published vectors on the
 * default provider, and times the primitives a TLS handshake and record
 * layer lean on. Exit status 1 when a vector fails.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { defaultProvider, providerInfo } from '../crypto/select.js';
import { addonPath, nativeLoadError } from '../crypto/native/index.js';
import { fromHex, toHex } from '../crypto/bytes.js';
import { hkdfExtract } from '../crypto/hkdf.js';
import { prf } from '../crypto/prf.js';
import { PROBE_RSA } from '../crypto/probes.js';

/** Runs the self-check, printing to stdout; resolves to the exit status (0 when every vector passed). */
export function runSelfCheck(): number {
  const provider = defaultProvider();

  console.log('tlslite-ng crypto self-check');
  console.log(`  Node ${process.version}, OpenSSL ${process.versions.openssl}`);
  console.log(addonPath ? `  addon: ${addonPath}` : `  addon: not loaded (${nativeLoadError})`);
  if (process.env['TLSLITE_PURE']) console.log('  TLSLITE_PURE is set: pure implementations only');
  console.log('');

  const info = providerInfo(provider);
  const width = Math.max(...info.map((r) => r.algorithm.length));
  for (const row of info) console.log(`  ${row.algorithm.padEnd(width)}  ${row.implementation.padEnd(6)}  ${row.reason}`);
  console.log('');

  type Vector = [name: string, compute: () => Uint8Array, expected: string];
  const ascii = (s: string) => new TextEncoder().encode(s);
  const vectors: Vector[] = [
    ['SHA-256 "abc" (FIPS 180-4)', () => provider.hashes.sha256.digest(ascii('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'HMAC-SHA-256 (RFC 4231 case 1)',
      () => provider.hmacs.sha256.key(new Uint8Array(20).fill(0x0b)).mac(ascii('Hi There')),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      'AES-128-GCM (GCM spec test case 2)',
      () => provider.aeads.aes128gcm.key(new Uint8Array(16)).seal(new Uint8Array(12), new Uint8Array(0), new Uint8Array(16)),
      '0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf',
    ],
    [
      'X25519 (RFC 7748 5.2)',
      () =>
        provider.ecdh.x25519
          .fromPrivate(fromHex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'))
          .computeSecret(fromHex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c')),
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    ],
    [
      'TLS 1.2 PRF SHA-256 (IETF TLS list)',
      () => prf(provider, 'sha256', fromHex('9bbe436ba940f017b17652849a71db35'), 'test label', fromHex('a0ba9f936cda311827a6f796ffd5198c'), 16),
      'e3f229ba727be17b8d122620557cd453',
    ],
    [
      'HKDF-Extract (RFC 5869 A.1)',
      () => hkdfExtract(provider, 'sha256', fromHex('000102030405060708090a0b0c'), new Uint8Array(22).fill(0x0b)),
      '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
    ],
  ];
  let failed = 0;
  for (const [name, compute, expected] of vectors) {
    let got: string;
    try {
      got = toHex(compute());
    } catch (err) {
      got = `error: ${(err as Error).message}`;
    }
    const ok = got === expected;
    if (!ok) failed++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${name}${ok ? '' : ` (got ${got})`}`);
  }
  console.log('');

  const record = new Uint8Array(16384);
  const gcm = provider.aeads.aes128gcm.key(new Uint8Array(16));
  const nonce = new Uint8Array(12);
  const aad = new Uint8Array(13);
  const x25519 = provider.ecdh.x25519;
  const peer = x25519.generate().publicKey;
  const rsa = provider.rsa.privateKey(PROBE_RSA);
  const rsaInput = new Uint8Array(64).fill(7);
  console.log('  quick timings (npm run bench:crypto compares with node:crypto)');
  console.log(`    AES-128-GCM seal, 16 KiB records: ${Math.round((perSecond(() => gcm.seal(nonce, aad, record)) * 16384) / 1e6)} MB/s (${provider.aeads.aes128gcm.implementation})`);
  console.log(`    X25519 key agreement:             ${Math.round(perSecond(() => x25519.generate().computeSecret(peer)))} /s (${x25519.implementation})`);
  console.log(`    RSA-512 private operation:        ${Math.round(perSecond(() => rsa.privateOpSync(rsaInput)))} /s (${provider.rsa.implementation})`);
  console.log('');
  console.log(failed === 0 ? 'self-check passed' : `self-check FAILED: ${failed} vector(s)`);
  return failed === 0 ? 0 : 1;
}

function perSecond(fn: () => unknown, ms = 300): number {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    fn();
    n++;
  }
  return (n * 1000) / ms;
}
