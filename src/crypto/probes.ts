/**
 * Start-up probes for native algorithms: before a native algorithm is
 * trusted, it runs on a fixed input and must give the pure
 * implementation's answer (or, for randomized schemes, an answer the pure
 * implementation accepts). Both implementations pass the published
 * vectors in the test suite; this check catches a broken or unusual
 * OpenSSL at run time, where tests do not run.
 *
 * @module
 */
import type {
  AeadAlgorithm,
  BlockCipherAlgorithm,
  CryptoProvider,
  EcdhAlgorithm,
  EcdsaAlgorithm,
  EddsaAlgorithm,
  FfdhAlgorithm,
  HashAlgorithm,
  HmacAlgorithm,
  KemAlgorithm,
  RandomSource,
  RsaAlgorithm,
  StreamCipherAlgorithm,
} from './provider.js';
import { constantTimeEqual as same } from './bytes.js';

/** Deterministic filler bytes (not random: the probe must be repeatable). */
function filler(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed + i * 31) & 0xff;
  return out;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`${what} differs from the pure implementation`);
}

/** A throwaway 512-bit key: only the arithmetic is probed (and timed by the self-check), not security. */
export const PROBE_RSA = {
  n: 0xc53967a68b2c839f546bd1205adae1abae15200c356f02f133408b4d587ff1d23ee21d15f557cb7338d405f04da9b98ae08c23352f102b28120ba45da1b1df79n,
  e: 0x10001n,
  d: 0xbaa3275e68c8184af8360bb245a86af4ef899849556b976a30293d6a557cc696999970327645a45beda9af3d731820e416e23e8aba9265605c5d0e6eab85072dn,
  p: 0xe15f9b171e58006301faf4052d0e78dc6b58a1ae4ba1b2a8fe740955acd171bbn,
  q: 0xe00687f90f1c93e18882578534023a66f95cd803126265adccbfef49c733365bn,
  dP: 0x51c6c31bac62fa20f2c30070305d23f5b6edbe1ce44c93eb46090caa0dbf21a9n,
  dQ: 0x8513fc23fc511a9bc82ebd74d84f5688232b7efa5c2a6d824ff5d85cb86378afn,
  qInv: 0xdbc5e454152c9d29c200fd181f5b5d7145f96d3c10375d793aa9da0f293f4272n,
};

// RFC 7919 ffdhe2048 would do, but any safe prime exercises the same code;
// this is the 1024-bit MODP group of RFC 2409 6.2 (g = 2).
const PROBE_DH_P = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF',
);

type Probe<A> = (native: A, pure: A) => void;

const hash: Probe<HashAlgorithm> = (n, p) => {
  const data = filler(200, 1);
  check(same(n.digest(data), p.digest(data)), 'digest');
  const h = n.create().update(data.subarray(0, 7));
  const c = h.copy();
  h.update(data.subarray(7));
  check(same(h.digest(), p.digest(data)), 'incremental digest');
  check(same(c.digest(), p.digest(data.subarray(0, 7))), 'copied digest');
};

const hmac: Probe<HmacAlgorithm> = (n, p) => {
  const key = filler(20, 2);
  const data = filler(100, 3);
  check(same(n.key(key).mac(data), p.key(key).mac(data)), 'HMAC');
};

const aead: Probe<AeadAlgorithm> = (n, p) => {
  const key = filler(n.keyLength, 4);
  const nonce = filler(n.nonceLength, 5);
  const aad = filler(13, 6);
  const plaintext = filler(33, 7);
  const sealed = n.key(key).seal(nonce, aad, plaintext);
  check(same(sealed, p.key(key).seal(nonce, aad, plaintext)), 'AEAD seal');
  const opened = n.key(key).open(nonce, aad, sealed);
  check(opened !== null && same(opened, plaintext), 'AEAD open');
  sealed[0]! ^= 1;
  check(n.key(key).open(nonce, aad, sealed) === null, 'AEAD forgery check');
};

const block: Probe<BlockCipherAlgorithm> = (n, p) => {
  const key = filler(n.keyLength, 8);
  const iv = filler(n.ivLength, 9);
  const data = filler(n.blockLength * 3, 10);
  const ne = n.encryptor(key, iv);
  const pe = p.encryptor(key, iv);
  // Two calls: the IV must chain across them.
  check(same(ne.update(data), pe.update(data)), 'CBC encryption');
  const second = ne.update(data);
  check(same(second, pe.update(data)), 'chained CBC encryption');
  check(same(n.decryptor(key, iv).update(p.encryptor(key, iv).update(data)), data), 'CBC decryption');
};

const stream: Probe<StreamCipherAlgorithm> = (n, p) => {
  const key = filler(16, 11);
  const data = filler(300, 12);
  const ns = n.key(key);
  const ps = p.key(key);
  check(same(ns.update(data), ps.update(data)), 'stream cipher');
  check(same(ns.update(data), ps.update(data)), 'continued stream cipher');
};

const rsa: Probe<RsaAlgorithm> = (n, p) => {
  const input = filler(64, 13);
  input[0] = 0x17; // below the modulus
  const viaNative = n.privateKey(PROBE_RSA).privateOpSync(input);
  check(same(viaNative, p.privateKey(PROBE_RSA).privateOpSync(input)), 'RSA private operation');
  check(same(n.publicKey(PROBE_RSA).publicOp(viaNative), input), 'RSA public operation');
};

const ffdh: Probe<FfdhAlgorithm> = (n, p) => {
  const a = n.fromPrivate(PROBE_DH_P, 2n, 0x1234567890abcdef1234567890abcdefn);
  const b = p.fromPrivate(PROBE_DH_P, 2n, 0xfedcba0987654321fedcba0987654321n);
  check(same(a.publicKey, p.fromPrivate(PROBE_DH_P, 2n, 0x1234567890abcdef1234567890abcdefn).publicKey), 'DH public value');
  check(same(a.computeSecret(b.publicKey), b.computeSecret(a.publicKey)), 'DH shared secret');
};

const ecdh: Probe<EcdhAlgorithm> = (n, p) => {
  const priv = filler(n.secretLength, 14);
  if (n.name === 'x25519' || n.name === 'x448') {
    // any bytes are a valid Montgomery private key
  } else {
    priv[0] = 0x01; // well below the group order
  }
  const a = n.fromPrivate(priv);
  check(same(a.publicKey, p.fromPrivate(priv).publicKey), 'ECDH public key');
  const peer = p.generate();
  check(same(a.computeSecret(peer.publicKey), peer.computeSecret(a.publicKey)), 'ECDH shared secret');
};

// Signing is asynchronous and probes run synchronously at first use, so
// the signature probes check key derivation and point import; signing and
// verification are covered by the vectors in the test suite.
const ecdsa: Probe<EcdsaAlgorithm> = (n, p) => {
  const scalar = filler(n.scalarLength, 15);
  scalar[0] = 0x01;
  const publicKey = p.privateKey(scalar).publicKey;
  check(same(n.privateKey(scalar).publicKey, publicKey), 'ECDSA public key');
  check(same(n.publicKey(publicKey).publicKey, publicKey), 'ECDSA point import');
};

const eddsa: Probe<EddsaAlgorithm> = (n, p) => {
  const seed = filler(n.keyLength, 17);
  check(same(n.privateKey(seed).publicKey, p.privateKey(seed).publicKey), 'EdDSA public key');
};

const kem: Probe<KemAlgorithm> = (n, p) => {
  const seed = filler(64, 19);
  const ours = n.fromSeed(seed);
  check(same(ours.publicKey, p.fromSeed(seed).publicKey), 'KEM public key');
  const { ciphertext, sharedSecret } = p.encapsulate(ours.publicKey);
  check(same(ours.decapsulate(ciphertext), sharedSecret), 'KEM decapsulation');
};

const random: Probe<RandomSource> = (n) => {
  const a = n.bytes(32);
  const b = n.bytes(32);
  check(a.length === 32 && !same(a, b) && !same(a, new Uint8Array(32)), 'random bytes');
};

/** The probe for each provider group (or single algorithm). */
export const PROBES: { [K in keyof Omit<CryptoProvider, 'name'>]: Probe<never> } = {
  hashes: hash as Probe<never>,
  hmacs: hmac as Probe<never>,
  aeads: aead as Probe<never>,
  blockCiphers: block as Probe<never>,
  streamCiphers: stream as Probe<never>,
  rsa: rsa as Probe<never>,
  ffdh: ffdh as Probe<never>,
  ecdh: ecdh as Probe<never>,
  ecdsa: ecdsa as Probe<never>,
  eddsa: eddsa as Probe<never>,
  kems: kem as Probe<never>,
  random: random as Probe<never>,
};
