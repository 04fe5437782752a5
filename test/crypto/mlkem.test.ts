/**
 * ML-KEM-768 (FIPS 203): round trips, determinism from the seed, key and
 * ciphertext validation, implicit rejection. The native provider may lack
 * it (OpenSSL 3.0 has no ML-KEM); the test then covers the others.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { KemAlgorithm } from '../../src/crypto/provider.js';
import { constantTimeEqual, toHex } from '../../src/crypto/bytes.js';
import { TLSIllegalParameterException } from '../../src/errors.js';
import { pureProvider } from '../../src/crypto/pure/index.js';

const Q = 3329;

/** ByteEncode12 of the first coefficient set to `value` (FIPS 203 4.2.1): bytes 0 and 1 of ek hold it in their low 12 bits. */
function withFirstCoefficient(ek: Uint8Array, value: number): Uint8Array {
  const out = Uint8Array.from(ek);
  out[0] = value & 0xff;
  out[1] = (out[1]! & 0xf0) | ((value >> 8) & 0x0f);
  return out;
}

for (const p of providers()) {
  const kem = algorithm<KemAlgorithm>(p, 'kems', 'mlkem768');
  if (!kem) {
    t.comment(`${p.label}: no ML-KEM-768 (allowed: the OpenSSL here has none)`);
    continue;
  }
  t.test(`${p.label}: ML-KEM-768`, async (t) => {
    t.equal(kem.publicKeyLength, 1184);
    t.equal(kem.ciphertextLength, 1088);

    t.test('round trip', async (t) => {
      for (let i = 0; i < 3; i++) {
        const pair = kem.generate();
        t.equal(pair.publicKey.length, 1184);
        const { ciphertext, sharedSecret } = kem.encapsulate(pair.publicKey);
        t.equal(ciphertext.length, 1088);
        t.equal(sharedSecret.length, 32);
        t.equal(toHex(pair.decapsulate(ciphertext)), toHex(sharedSecret), `round trip #${i}`);
        t.equal(toHex(pair.decapsulate(ciphertext)), toHex(sharedSecret), `decapsulating twice gives the same #${i}`);
      }
      const a = kem.encapsulate(kem.generate().publicKey);
      const b = kem.encapsulate(kem.generate().publicKey);
      t.notOk(constantTimeEqual(a.sharedSecret, b.sharedSecret), 'fresh secrets differ');
    });

    t.test('fromSeed is deterministic and agrees with the pure implementation', async (t) => {
      const seed = new Uint8Array(crypto.randomBytes(64));
      const one = kem.fromSeed(seed);
      const two = kem.fromSeed(seed);
      t.equal(toHex(one.publicKey), toHex(two.publicKey), 'same seed, same key');
      const reference = pureProvider.kems.mlkem768.fromSeed(seed);
      t.equal(toHex(one.publicKey), toHex(reference.publicKey), 'same key as the pure implementation');
      const { ciphertext, sharedSecret } = kem.encapsulate(reference.publicKey);
      t.equal(toHex(two.decapsulate(ciphertext)), toHex(sharedSecret), 'a key from the same seed decapsulates');
      t.equal(toHex(reference.decapsulate(ciphertext)), toHex(sharedSecret), 'and so does the pure one');
      const other = Uint8Array.from(seed);
      other[63]! ^= 1; // z changes: the public key does not, implicit rejection does
      t.equal(toHex(kem.fromSeed(other).publicKey), toHex(one.publicKey), 'z does not enter the public key');
      other[0]! ^= 1; // d changes: a different key
      t.not(toHex(kem.fromSeed(other).publicKey), toHex(one.publicKey), 'd does');
      t.throws(() => kem.fromSeed(new Uint8Array(63)), RangeError, 'a 63-byte seed is misuse');
      t.throws(() => kem.fromSeed(new Uint8Array(32)), RangeError, 'a 32-byte seed is misuse');
    });

    t.test('a malformed encapsulation key is an illegal parameter', async (t) => {
      const ek = kem.generate().publicKey;
      for (const length of [0, 1, 1183, 1185, 1568, 800]) {
        const bad = new Uint8Array(length);
        bad.set(ek.subarray(0, Math.min(length, ek.length)));
        t.throws(() => kem.encapsulate(bad), TLSIllegalParameterException, `${length} bytes`);
      }
      // FIPS 203 7.2 modulus check: a coefficient of q or more.
      t.throws(() => kem.encapsulate(withFirstCoefficient(ek, Q)), TLSIllegalParameterException, 'a coefficient equal to q');
      t.throws(() => kem.encapsulate(withFirstCoefficient(ek, 4095)), TLSIllegalParameterException, 'a coefficient of 4095');
      t.doesNotThrow(() => kem.encapsulate(withFirstCoefficient(ek, Q - 1)), 'q - 1 is a valid coefficient');
      t.throws(() => kem.encapsulate('ek' as unknown as Uint8Array), TypeError, 'not bytes');
    });

    t.test('implicit rejection: a tampered ciphertext gives a different, repeatable secret', async (t) => {
      const pair = kem.generate();
      const { ciphertext, sharedSecret } = kem.encapsulate(pair.publicKey);
      for (const index of [0, 500, 1087]) {
        const tampered = Uint8Array.from(ciphertext);
        tampered[index]! ^= 0x01;
        const rejected = pair.decapsulate(tampered);
        t.equal(rejected.length, 32);
        t.notOk(constantTimeEqual(rejected, sharedSecret), `byte ${index}: a different secret`);
        t.equal(toHex(pair.decapsulate(tampered)), toHex(rejected), `byte ${index}: the same one each time`);
      }
    });

    t.test('a ciphertext of the wrong length is an illegal parameter', async (t) => {
      const pair = kem.generate();
      const { ciphertext } = kem.encapsulate(pair.publicKey);
      for (const length of [0, 1087, 1089, 768]) {
        const bad = new Uint8Array(length);
        bad.set(ciphertext.subarray(0, Math.min(length, ciphertext.length)));
        t.throws(() => pair.decapsulate(bad), TLSIllegalParameterException, `${length} bytes`);
      }
    });
  });
}
