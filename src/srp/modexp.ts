/**
 * Modular exponentiation for SRP, through the crypto provider when it has
 * a fast path.
 *
 * The provider has no general `modPow`, but its finite-field DH does
 * exactly one: `ffdh.fromPrivate(N, base, x).publicKey` is base^x mod N,
 * computed by OpenSSL's constant-time Montgomery exponentiation in the
 * native provider and by the fixed-window `modPowSecret` in the pure one.
 * Its argument checks (1 < base < N-1, 1 <= x < N-1, N odd and at least
 * 2^16) hold for every exponentiation SRP does with a real group; the
 * rare value outside them (a base of 0, 1 or N-1) falls back to the pure
 * `modPowSecret`, which gives the same answer.
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { bytesToBigInt } from '../crypto/bytes.js';
import { modPowSecret } from '../crypto/pure/bigint-math.js';

/**
 * base^exponent mod N for an odd N (an SRP group's prime). Exponents are
 * treated as secret (a, b, x, and a + u*x are): no sliding window.
 */
export function powMod(provider: CryptoProvider, base: bigint, exponent: bigint, N: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (b > 1n && b < N - 1n && exponent >= 1n && exponent < N - 1n && N >= 1n << 16n && (N & 1n) === 1n) {
    return bytesToBigInt(provider.ffdh.fromPrivate(N, b, exponent).publicKey);
  }
  return modPowSecret(b, exponent, N);
}
