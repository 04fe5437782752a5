/**
 * SRP-6a as RFC 5054 uses it (section 2.5-2.6), with SHA-1 as H:
 *
 *     k = H(N | PAD(g))                 multiplier
 *     x = H(s | H(I | ":" | P))         private key from salt, user name, password
 *     v = g^x % N                       verifier (what the server stores)
 *     A = g^a % N                       client's public value
 *     B = (k*v + g^b) % N               server's public value
 *     u = H(PAD(A) | PAD(B))            scrambling parameter
 *     client:  S = (B - (k * g^x)) ^ (a + (u * x)) % N
 *     server:  S = (A * v^u) ^ b % N
 *
 * PAD(x) left-pads x with zeros to the length of N. The premaster secret
 * is S as an integer without leading zero bytes (RFC 5054 2.6, as the
 * seed and GnuTLS send it).
 *
 * Checks the RFC makes mandatory live here, so both sides of every
 * handshake go through them: the client aborts when B % N = 0 (2.5.3),
 * the server when A % N = 0 (2.5.4); both with illegal_parameter. u = 0
 * (which would make S independent of the password) is refused too.
 *
 * Private exponents a and b are 256 random bits (RFC 5054 2.5.3 and 2.5.4:
 * "at least 256 bits").
 *
 * @module
 */
import type { CryptoProvider } from '../crypto/provider.js';
import { bigIntToBytes, bitLength, bytesToBigInt } from '../crypto/bytes.js';
import { TLSIllegalParameterException } from '../errors.js';
import { powMod } from './modexp.js';

/** Bits of the private values a and b. */
export const PRIVATE_VALUE_BITS = 256;

const text = new TextEncoder();

/** A password or user name as the bytes SRP hashes (strings as UTF-8). */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? text.encode(value) : value;
}

/** x as exactly `length` big-endian bytes (RFC 5054 2.6 PAD()). */
export function pad(value: bigint, length: number): Uint8Array {
  return bigIntToBytes(value, length);
}

function byteLength(N: bigint): number {
  return Math.ceil(bitLength(N) / 8);
}

function sha1(provider: CryptoProvider, ...parts: Uint8Array[]): bigint {
  return bytesToBigInt(provider.hashes.sha1.digest(...parts));
}

/** k = SHA1(N | PAD(g)). */
export function computeK(provider: CryptoProvider, N: bigint, g: bigint): bigint {
  return sha1(provider, bigIntToBytes(N), pad(g, byteLength(N)));
}

/** u = SHA1(PAD(A) | PAD(B)). */
export function computeU(provider: CryptoProvider, N: bigint, A: bigint, B: bigint): bigint {
  const length = byteLength(N);
  return sha1(provider, pad(A, length), pad(B, length));
}

/** x = SHA1(s | SHA1(I | ":" | P)). */
export function computeX(provider: CryptoProvider, salt: Uint8Array, username: string | Uint8Array, password: string | Uint8Array): bigint {
  const inner = provider.hashes.sha1.digest(toBytes(username), Uint8Array.of(0x3a), toBytes(password));
  return sha1(provider, salt, inner);
}

/** v = g^x % N. */
export function computeVerifier(
  provider: CryptoProvider,
  N: bigint,
  g: bigint,
  salt: Uint8Array,
  username: string | Uint8Array,
  password: string | Uint8Array,
): bigint {
  return powMod(provider, g, computeX(provider, salt, username, password), N);
}

/** A fresh private value (a or b) of PRIVATE_VALUE_BITS bits, never zero. */
export function randomPrivateValue(provider: CryptoProvider): bigint {
  let value = 0n;
  while (value === 0n) value = bytesToBigInt(provider.random.bytes(PRIVATE_VALUE_BITS / 8));
  return value;
}

/** The client's half of the exchange: A and the premaster secret. */
export interface SRPClientResult {
  readonly A: bigint;
  readonly premaster: Uint8Array;
}

/** What the client computes with (the server's ServerSRPParams, as integers, and our credentials). */
export interface SRPClientInput {
  readonly N: bigint;
  readonly g: bigint;
  readonly salt: Uint8Array;
  readonly B: bigint;
  readonly username: string | Uint8Array;
  readonly password: string | Uint8Array;
  /** The private value a; random when omitted (tests pass RFC 5054's). */
  readonly a?: bigint;
}

/**
 * Client: A = g^a, S = (B - k*g^x)^(a + u*x) % N.
 * @throws TLSIllegalParameterException when B % N = 0 (RFC 5054 2.5.3) or u = 0.
 */
export function clientPremaster(provider: CryptoProvider, input: SRPClientInput): SRPClientResult {
  const { N, g, B } = input;
  if (B % N === 0n) throw new TLSIllegalParameterException('SRP: the server sent B = 0 mod N (RFC 5054 2.5.3)');
  const a = input.a ?? randomPrivateValue(provider);
  const A = powMod(provider, g, a, N);
  const u = computeU(provider, N, A, B);
  if (u === 0n) throw new TLSIllegalParameterException('SRP: the scrambling parameter u is 0');
  const x = computeX(provider, input.salt, input.username, input.password);
  const k = computeK(provider, N, g);
  const base = (((B - k * powMod(provider, g, x, N)) % N) + N) % N;
  const S = powMod(provider, base, a + u * x, N);
  return { A, premaster: bigIntToBytes(S) };
}

/** The server's half: B, and a function from the client's A to the premaster secret. */
export interface SRPServerSession {
  readonly B: bigint;
  /**
   * S = (A * v^u)^b % N, as premaster bytes.
   * @throws TLSIllegalParameterException when A % N = 0 (RFC 5054 2.5.4) or u = 0.
   */
  premaster(A: bigint): Uint8Array;
}

/** What the server computes with: the user's verifier entry, and optionally b (tests). */
export interface SRPServerInput {
  readonly N: bigint;
  readonly g: bigint;
  readonly verifier: bigint;
  readonly b?: bigint;
}

/** Server: B = (k*v + g^b) % N. */
export function serverSession(provider: CryptoProvider, input: SRPServerInput): SRPServerSession {
  const { N, g, verifier: v } = input;
  const b = input.b ?? randomPrivateValue(provider);
  const k = computeK(provider, N, g);
  const B = (k * v + powMod(provider, g, b, N)) % N;
  return {
    B,
    premaster(A: bigint): Uint8Array {
      if (A % N === 0n) throw new TLSIllegalParameterException('SRP: the client sent A = 0 mod N (RFC 5054 2.5.4)');
      const u = computeU(provider, N, A, B);
      if (u === 0n) throw new TLSIllegalParameterException('SRP: the scrambling parameter u is 0');
      const S = powMod(provider, (A * powMod(provider, v, u, N)) % N, b, N);
      return bigIntToBytes(S);
    },
  };
}
