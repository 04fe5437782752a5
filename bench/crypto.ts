/**
 * `npm run bench:crypto`: every primitive on the native provider, the
 * pure provider and node:crypto, side by side in one run.
 *
 * Symmetric rows are MB/s of one operation per record (the way a TLS
 * record layer calls them: a new nonce or message each time; for
 * node:crypto that means a Cipher/Hash object per record, which is how
 * Node code has to use it). Asymmetric rows are operations per second.
 *
 * BENCH_SECONDS=0.1 gives a quick smoke run; BENCH_FILTER=gcm runs only
 * matching rows.
 */
import * as nodeCrypto from 'node:crypto';
import { fmt, rate, rateAsync, table } from './harness.js';
import type { CryptoProvider, PartialCryptoProvider } from '../src/crypto/provider.js';
import { pureProvider } from '../src/crypto/pure/index.js';
import { nativeProvider, nativeLoadError } from '../src/crypto/native/index.js';
import { RSAKey } from '../src/crypto/rsa/key.js';
import { FFDHE2048 } from '../src/crypto/ffdhe.js';
import { bigIntToBytes, bytesToBigInt } from '../src/crypto/bytes.js';

type Any = CryptoProvider | PartialCryptoProvider;
type Cell = number | undefined;
type Row = { label: string; native: () => Promise<Cell>; pure: () => Promise<Cell>; node: () => Promise<Cell> };

const filter = (process.env['BENCH_FILTER'] ?? '').toLowerCase();
const rows: Row[] = [];
const add = (row: Row) => {
  if (!filter || row.label.toLowerCase().includes(filter)) rows.push(row);
};
const sync = (fn: () => Cell) => async () => fn();
const mb = (bytes: number, perSecond: number) => (bytes * perSecond) / 1e6;

function pick<T>(provider: Any | null, group: string, name?: string): T | undefined {
  if (!provider) return undefined;
  const entry = (provider as unknown as Record<string, unknown>)[group];
  return (name === undefined ? entry : (entry as Record<string, unknown> | undefined)?.[name]) as T | undefined;
}

const SIZES = [256, 16384];

// ------------------------------------------------------------ AEAD
const AEADS = [
  ['aes128gcm', 'aes-128-gcm', 16],
  ['aes256gcm', 'aes-256-gcm', 32],
  ['chacha20-poly1305', 'chacha20-poly1305', 32],
  ['aes128ccm', 'aes-128-ccm', 16],
] as const;
for (const [name, nodeName, keyLength] of AEADS) {
  for (const size of SIZES) {
    const key = nodeCrypto.randomBytes(keyLength);
    const nonce = nodeCrypto.randomBytes(12);
    const aad = nodeCrypto.randomBytes(13);
    const data = nodeCrypto.randomBytes(size);
    const ours = (p: Any | null) =>
      sync(() => {
        const alg = pick<import('../src/crypto/provider.js').AeadAlgorithm>(p, 'aeads', name);
        if (!alg) return undefined;
        const aead = alg.key(key);
        return mb(size, rate(() => aead.seal(nonce, aad, data)));
      });
    add({
      label: `${name} seal ${size} B (MB/s)`,
      native: ours(nativeProvider),
      pure: ours(pureProvider),
      node: sync(() =>
        mb(
          size,
          rate(() => {
            const c = nodeCrypto.createCipheriv(nodeName as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
            if (name === 'aes128ccm') c.setAAD(aad, { plaintextLength: size });
            else c.setAAD(aad);
            c.update(data);
            c.final();
            return c.getAuthTag();
          }),
        ),
      ),
    });
  }
}

// ------------------------------------------------------------ CBC and RC4
const CIPHERS = [
  ['blockCiphers', 'aes128', 'aes-128-cbc', 16, 16],
  ['blockCiphers', '3des', 'des-ede3-cbc', 24, 8],
  ['streamCiphers', 'rc4', 'rc4', 16, 0],
] as const;
for (const [group, name, nodeName, keyLength, ivLength] of CIPHERS) {
  for (const size of SIZES) {
    const key = nodeCrypto.randomBytes(keyLength);
    const iv = nodeCrypto.randomBytes(ivLength);
    const data = nodeCrypto.randomBytes(size);
    const ours = (p: Any | null) =>
      sync(() => {
        const alg = pick<{ encryptor?: Function; key?: Function }>(p, group, name);
        if (!alg) return undefined;
        const cipher = (group === 'blockCiphers'
          ? (alg as import('../src/crypto/provider.js').BlockCipherAlgorithm).encryptor(key, iv)
          : (alg as import('../src/crypto/provider.js').StreamCipherAlgorithm).key(key)) as { update(d: Uint8Array): Uint8Array };
        return mb(size, rate(() => cipher.update(data)));
      });
    let nodeHas = true;
    try {
      nodeCrypto.createCipheriv(nodeName, key, ivLength ? iv : null);
    } catch {
      nodeHas = false; // RC4 needs OpenSSL's legacy provider, which Node does not load
    }
    add({
      label: `${name} encrypt ${size} B (MB/s)`,
      native: ours(nativeProvider),
      pure: ours(pureProvider),
      node: sync(() => {
        if (!nodeHas) return undefined;
        return mb(
          size,
          rate(() => {
            const c = nodeCrypto.createCipheriv(nodeName, key, ivLength ? iv : null).setAutoPadding(false);
            c.update(data);
            return c.final();
          }),
        );
      }),
    });
  }
}

// ------------------------------------------------------------ hashes and HMAC
for (const [name, nodeName] of [
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha1', 'sha1'],
  ['md5', 'md5'],
] as const) {
  for (const size of SIZES) {
    const data = nodeCrypto.randomBytes(size);
    const key = nodeCrypto.randomBytes(32);
    const hashOf = (p: Any | null) =>
      sync(() => {
        const alg = pick<import('../src/crypto/provider.js').HashAlgorithm>(p, 'hashes', name);
        return alg ? mb(size, rate(() => alg.digest(data))) : undefined;
      });
    add({
      label: `${name} ${size} B (MB/s)`,
      native: hashOf(nativeProvider),
      pure: hashOf(pureProvider),
      node: sync(() => mb(size, rate(() => nodeCrypto.createHash(nodeName).update(data).digest()))),
    });
    const hmacOf = (p: Any | null) =>
      sync(() => {
        const alg = pick<import('../src/crypto/provider.js').HmacAlgorithm>(p, 'hmacs', name);
        if (!alg) return undefined;
        const k = alg.key(key);
        return mb(size, rate(() => k.mac(data)));
      });
    add({
      label: `HMAC-${name} ${size} B (MB/s)`,
      native: hmacOf(nativeProvider),
      pure: hmacOf(pureProvider),
      node: sync(() => mb(size, rate(() => nodeCrypto.createHmac(nodeName, key).update(data).digest()))),
    });
  }
}

// ------------------------------------------------------------ RSA-2048
{
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const big = (s: string | undefined) => bytesToBigInt(Buffer.from(s!, 'base64url'));
  const components = {
    n: big(jwk.n), e: big(jwk.e), d: big(jwk.d), p: big(jwk.p), q: big(jwk.q),
    dP: big(jwk.dp), dQ: big(jwk.dq), qInv: big(jwk.qi),
  };
  const message = nodeCrypto.randomBytes(100);
  const digest = nodeCrypto.createHash('sha256').update(message).digest();
  const keyFor = (p: Any | null) => (pick(p, 'rsa') ? new RSAKey(components, p as CryptoProvider) : undefined);
  const signature = nodeCrypto.sign('sha256', message, privateKey);
  const premaster = Buffer.concat([Buffer.from([3, 3]), nodeCrypto.randomBytes(46)]);
  const encrypted = nodeCrypto.publicEncrypt({ key: publicKey, padding: nodeCrypto.constants.RSA_PKCS1_PADDING }, premaster);

  const signRate = (p: Any | null) => async () => {
    const key = keyFor(p);
    return key && rateAsync(() => key.sign(digest, { scheme: 'pkcs1', hash: 'sha256' }), undefined, 2);
  };
  add({
    label: 'RSA-2048 sign PKCS#1 SHA-256, 2 in flight (ops/s)',
    native: signRate(nativeProvider),
    pure: signRate(pureProvider),
    node: sync(() => rate(() => nodeCrypto.sign('sha256', message, privateKey))),
  });
  const rawRate = (p: Any | null) =>
    sync(() => {
      const rsa = pick<import('../src/crypto/provider.js').RsaAlgorithm>(p, 'rsa');
      if (!rsa) return undefined;
      const ops = rsa.privateKey(components);
      const input = new Uint8Array(digest.length + 200).fill(1);
      const padded = bigIntToBytes(bytesToBigInt(input), 256);
      return rate(() => ops.privateOpSync(padded));
    });
  add({
    label: 'RSA-2048 raw private op, sync (ops/s)',
    native: rawRate(nativeProvider),
    pure: rawRate(pureProvider),
    node: sync(() =>
      rate(() => nodeCrypto.privateDecrypt({ key: privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, encrypted)),
    ),
  });
  const verifyRate = (p: Any | null) =>
    sync(() => {
      const key = keyFor(p);
      return key && rate(() => key.verify(signature, digest, { scheme: 'pkcs1', hash: 'sha256' }));
    });
  add({
    label: 'RSA-2048 verify PKCS#1 SHA-256 (ops/s)',
    native: verifyRate(nativeProvider),
    pure: verifyRate(pureProvider),
    node: sync(() => rate(() => nodeCrypto.verify('sha256', message, publicKey, signature))),
  });
  const decryptRate = (p: Any | null) => async () => {
    const key = keyFor(p);
    return key && rateAsync(() => key.decryptPremaster(encrypted, Uint8Array.of(3, 3)), undefined, 2);
  };
  add({
    label: 'RSA-2048 premaster decrypt, 2 in flight (ops/s)',
    native: decryptRate(nativeProvider),
    pure: decryptRate(pureProvider),
    // Node refuses PKCS#1 v1.5 decryption (Marvin fix); raw decryption is the same work.
    node: sync(() =>
      rate(() => nodeCrypto.privateDecrypt({ key: privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, encrypted)),
    ),
  });
}

// ------------------------------------------------------------ key agreement
for (const [name, nodeCurve] of [
  ['x25519', 'x25519'],
  ['secp256r1', 'prime256v1'],
] as const) {
  const ecdhRate = (p: Any | null) =>
    sync(() => {
      const alg = pick<import('../src/crypto/provider.js').EcdhAlgorithm>(p, 'ecdh', name);
      if (!alg) return undefined;
      const peer = alg.generate().publicKey;
      return rate(() => alg.generate().computeSecret(peer));
    });
  add({
    label: `${name} keygen + derive (ops/s)`,
    native: ecdhRate(nativeProvider),
    pure: ecdhRate(pureProvider),
    node: sync(() => {
      if (name === 'x25519') {
        const peer = nodeCrypto.generateKeyPairSync('x25519').publicKey;
        return rate(() => {
          const mine = nodeCrypto.generateKeyPairSync('x25519');
          return nodeCrypto.diffieHellman({ privateKey: mine.privateKey, publicKey: peer });
        });
      }
      const peer = nodeCrypto.createECDH(nodeCurve).generateKeys();
      return rate(() => {
        const mine = nodeCrypto.createECDH(nodeCurve);
        mine.generateKeys();
        return mine.computeSecret(peer);
      });
    }),
  });
}
{
  const { p, g } = FFDHE2048;
  const dhRate = (prov: Any | null) =>
    sync(() => {
      const alg = pick<import('../src/crypto/provider.js').FfdhAlgorithm>(prov, 'ffdh');
      if (!alg) return undefined;
      const peer = alg.generate(p, g).publicKey;
      return rate(() => alg.generate(p, g).computeSecret(peer));
    });
  add({
    label: 'FFDHE-2048 keygen + derive (ops/s)',
    native: dhRate(nativeProvider),
    pure: dhRate(pureProvider),
    node: sync(() => {
      const prime = Buffer.from(bigIntToBytes(p, 256));
      const peer = nodeCrypto.createDiffieHellman(prime, Buffer.from([2])).generateKeys();
      return rate(() => {
        const mine = nodeCrypto.createDiffieHellman(prime, Buffer.from([2]));
        mine.generateKeys();
        return mine.computeSecret(peer);
      });
    }),
  });
}

// ------------------------------------------------------------ signatures
{
  const digest = nodeCrypto.randomBytes(32);
  const message = nodeCrypto.randomBytes(100);
  const ec = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecJwk = ec.privateKey.export({ format: 'jwk' });
  const scalar = Buffer.from(ecJwk.d!, 'base64url');
  const nodeEcSig = nodeCrypto.sign(null, digest, { key: ec.privateKey, dsaEncoding: 'der' });
  const ecdsaSign = (p: Any | null) => async () => {
    const alg = pick<import('../src/crypto/provider.js').EcdsaAlgorithm>(p, 'ecdsa', 'secp256r1');
    if (!alg) return undefined;
    const key = alg.privateKey(scalar);
    return rateAsync(() => key.signDigest(digest));
  };
  add({
    label: 'ECDSA P-256 sign (ops/s)',
    native: ecdsaSign(nativeProvider),
    pure: ecdsaSign(pureProvider),
    node: sync(() => rate(() => nodeCrypto.sign('sha256', message, ec.privateKey))),
  });
  const ecdsaVerify = (p: Any | null) =>
    sync(() => {
      const alg = pick<import('../src/crypto/provider.js').EcdsaAlgorithm>(p, 'ecdsa', 'secp256r1');
      if (!alg) return undefined;
      const key = alg.publicKey(alg.privateKey(scalar).publicKey);
      return rate(() => key.verifyDigest(digest, nodeEcSig));
    });
  const nodeSha256Sig = nodeCrypto.sign('sha256', message, ec.privateKey);
  add({
    label: 'ECDSA P-256 verify (ops/s)',
    native: ecdsaVerify(nativeProvider),
    pure: ecdsaVerify(pureProvider),
    node: sync(() => rate(() => nodeCrypto.verify('sha256', message, ec.publicKey, nodeSha256Sig))),
  });
  const ed = nodeCrypto.generateKeyPairSync('ed25519');
  const seed = Buffer.from(ed.privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const edSig = nodeCrypto.sign(null, message, ed.privateKey);
  const edSign = (p: Any | null) => async () => {
    const alg = pick<import('../src/crypto/provider.js').EddsaAlgorithm>(p, 'eddsa', 'ed25519');
    if (!alg) return undefined;
    const key = alg.privateKey(seed);
    return rateAsync(() => key.sign(message));
  };
  add({
    label: 'Ed25519 sign (ops/s)',
    native: edSign(nativeProvider),
    pure: edSign(pureProvider),
    node: sync(() => rate(() => nodeCrypto.sign(null, message, ed.privateKey))),
  });
  const edVerify = (p: Any | null) =>
    sync(() => {
      const alg = pick<import('../src/crypto/provider.js').EddsaAlgorithm>(p, 'eddsa', 'ed25519');
      if (!alg) return undefined;
      const key = alg.publicKey(alg.privateKey(seed).publicKey);
      return rate(() => key.verify(message, edSig));
    });
  add({
    label: 'Ed25519 verify (ops/s)',
    native: edVerify(nativeProvider),
    pure: edVerify(pureProvider),
    node: sync(() => rate(() => nodeCrypto.verify(null, message, ed.publicKey, edSig))),
  });
}

// ------------------------------------------------------------ run
console.log(`tlslite-ng crypto benchmark: Node ${process.version}, OpenSSL ${process.versions.openssl}, ${rowsLabel()}`);
if (!nativeProvider) console.log(`native provider unavailable: ${nativeLoadError}`);
// Each cell is the best of ROUNDS measurements taken in turn with the
// other columns, so a burst of load elsewhere on the machine lowers one
// sample, not one column.
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '3');
const best = (a: Cell, b: Cell) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const out: string[][] = [];
for (const row of rows) {
  let native: Cell, pure: Cell, node: Cell;
  for (let round = 0; round < ROUNDS; round++) {
    native = best(native, await row.native());
    // The pure column is slow to measure and far from the others: one sample is enough.
    if (round === 0) pure = await row.pure();
    node = best(node, await row.node());
  }
  const ratio = native !== undefined && node !== undefined ? `${(native / node).toFixed(2)}x` : '—';
  out.push([row.label, fmt(native), fmt(pure), fmt(node), ratio]);
  process.stderr.write('.');
}
process.stderr.write('\n');
table(['operation', 'native', 'pure', 'node:crypto', 'native/node'], out);

function rowsLabel(): string {
  return `${rows.length} rows, best of ${process.env['BENCH_ROUNDS'] ?? '3'} runs of ${process.env['BENCH_SECONDS'] ?? '0.5'} s per cell`;
}
