/**
 * DES and Triple DES (EDE, three keys) block functions, FIPS 46-3 and
 * NIST SP 800-67.
 *
 * Our own code: @noble/ciphers has no DES, and the pure JavaScript DES
 * implementations on npm are unmaintained or bundled into large
 * libraries. 3DES is only here for the TLS_RSA_WITH_3DES_EDE_CBC_SHA
 * family of suites, which the seed still offers.
 *
 * The tables below are the standard's (typed in from FIPS 46-3); the
 * fast lookup tables (initial/final permutation by byte, S-box and P
 * permutation combined) are derived from them when the module loads, so
 * nothing opaque is hard-coded. Blocks are handled as two big-endian
 * 32-bit halves. The S-box lookups are secret-indexed table reads, as in
 * every table-driven DES; this code is a fallback for a legacy cipher.
 *
 * @module
 */

// FIPS 46-3, "Initial Permutation IP": output bit i comes from input bit IP[i] (1-based, MSB first).
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];

// FIPS 46-3, "Permutation P" applied to the S-box outputs.
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];

// FIPS 46-3, "Primitive functions S1, ..., S8": four rows of sixteen each.
const S = [
  [
    14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,
  ],
  [
    15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,
  ],
  [
    10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,
  ],
  [
    7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,
  ],
  [
    2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,
  ],
  [
    12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,
  ],
  [
    4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,
  ],
  [
    13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
  ],
];

// FIPS 46-3, "Permuted Choice 1": the 56 key bits kept (C0 = first 28, D0 = last 28).
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];

// FIPS 46-3, "Permuted Choice 2": the 48 bits of each round key, from C || D.
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];

// FIPS 46-3, key schedule: left shifts of C and D before each round.
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];

/**
 * A 64-bit permutation as byte tables: entry [j * 256 + v] holds the
 * output bits (high word at even index, low at odd) contributed by input
 * byte j having value v; the output is the XOR over the eight bytes.
 */
function byteTables(table: readonly number[]): Uint32Array {
  const out = new Uint32Array(8 * 256 * 2);
  for (let k = 0; k < 64; k++) {
    const src = table[k]! - 1;
    const j = src >> 3;
    const mask = 0x80 >> (src & 7);
    const word = k < 32 ? 0 : 1;
    const bit = (0x80000000 >>> (k & 31)) >>> 0;
    for (let v = 0; v < 256; v++) {
      if (v & mask) out[(j * 256 + v) * 2 + word]! |= bit;
    }
  }
  return out;
}

function inverse(table: readonly number[]): number[] {
  const inv = new Array<number>(table.length);
  table.forEach((src, i) => (inv[src - 1] = i + 1));
  return inv;
}

const IP_TABLE = byteTables(IP);
const FP_TABLE = byteTables(inverse(IP));

/**
 * SP[i * 64 + x]: the P permutation of S-box i's output for the six-bit
 * input x, placed in its nibble: f(R, K) is the XOR of eight lookups.
 */
const SP = (() => {
  const sp = new Uint32Array(8 * 64);
  for (let i = 0; i < 8; i++) {
    for (let x = 0; x < 64; x++) {
      // The outer bits (b1, b6) choose the row, the inner four the column.
      const row = ((x >> 4) & 2) | (x & 1);
      const col = (x >> 1) & 15;
      const sOut = S[i]![row * 16 + col]! << (28 - 4 * i);
      let p = 0;
      for (let k = 0; k < 32; k++) {
        if ((sOut >>> (31 - (P[k]! - 1))) & 1) p |= 0x80000000 >>> k;
      }
      sp[i * 64 + x] = p >>> 0;
    }
  }
  return sp;
})();

/**
 * The sixteen round keys of one DES key, each as eight six-bit groups
 * (one per S-box), in encryption order.
 */
function roundKeys(key: Uint8Array, offset: number): Uint8Array {
  const bit = (n: number) => (key[offset + ((n - 1) >> 3)]! >> (7 - ((n - 1) & 7))) & 1;
  let c = 0;
  let d = 0;
  for (let i = 0; i < 28; i++) c = (c << 1) | bit(PC1[i]!);
  for (let i = 28; i < 56; i++) d = (d << 1) | bit(PC1[i]!);
  const keys = new Uint8Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < SHIFTS[round]!; s++) {
      c = ((c << 1) | (c >>> 27)) & 0xfffffff;
      d = ((d << 1) | (d >>> 27)) & 0xfffffff;
    }
    // CD as 56 bits, bit 1 = MSB of C.
    const cdBit = (n: number) => (n <= 28 ? (c >>> (28 - n)) & 1 : (d >>> (56 - n)) & 1);
    for (let g = 0; g < 8; g++) {
      let v = 0;
      for (let b = 0; b < 6; b++) v = (v << 1) | cdBit(PC2[g * 6 + b]!);
      keys[round * 8 + g] = v;
    }
  }
  return keys;
}

/** The same sixteen round keys in reverse order (decryption). */
function reversed(keys: Uint8Array): Uint8Array {
  const out = new Uint8Array(keys.length);
  for (let round = 0; round < 16; round++) out.set(keys.subarray(round * 8, round * 8 + 8), (15 - round) * 8);
  return out;
}

/**
 * Three-key Triple DES (EDE): E_K3(D_K2(E_K1(x))), SP 800-67 3.2.
 * Setting K1 = K2 = K3 gives single DES.
 */
export class TripleDes {
  /** 48 round keys for encryption: K1 forwards, K2 backwards, K3 forwards. */
  readonly #encryptKeys: Uint8Array;
  /** 48 round keys for decryption: K3 backwards, K2 forwards, K1 backwards. */
  readonly #decryptKeys: Uint8Array;

  /** `key` is 24 bytes, K1 || K2 || K3 (parity bits ignored); the caller checks the length. */
  constructor(key: Uint8Array) {
    const k1 = roundKeys(key, 0);
    const k2 = roundKeys(key, 8);
    const k3 = roundKeys(key, 16);
    this.#encryptKeys = new Uint8Array(48 * 8);
    this.#encryptKeys.set(k1, 0);
    this.#encryptKeys.set(reversed(k2), 128);
    this.#encryptKeys.set(k3, 256);
    this.#decryptKeys = new Uint8Array(48 * 8);
    this.#decryptKeys.set(reversed(k3), 0);
    this.#decryptKeys.set(k2, 128);
    this.#decryptKeys.set(reversed(k1), 256);
  }

  /** Encrypts the block held in `block` (two big-endian 32-bit halves) in place. */
  encrypt(block: Uint32Array): void {
    crypt(block, this.#encryptKeys);
  }

  /** Decrypts the block held in `block` in place. */
  decrypt(block: Uint32Array): void {
    crypt(block, this.#decryptKeys);
  }
}

/** Applies a 64-bit byte-table permutation to (hi, lo), writing the result back into `block`. */
function permute(table: Uint32Array, block: Uint32Array): void {
  const hi = block[0]!;
  const lo = block[1]!;
  let outHi = 0;
  let outLo = 0;
  for (let j = 0; j < 8; j++) {
    const v = j < 4 ? (hi >>> (24 - 8 * j)) & 0xff : (lo >>> (56 - 8 * j)) & 0xff;
    const idx = (j * 256 + v) * 2;
    outHi |= table[idx]!;
    outLo |= table[idx + 1]!;
  }
  block[0] = outHi;
  block[1] = outLo;
}

/** The cipher function f(R, K) of FIPS 46-3: expansion E, key XOR, S-boxes and P. */
function f(r: number, keys: Uint8Array, k: number): number {
  // E takes six-bit groups that overlap by one bit at each end (bit 32
  // wraps to the front); after rotating R right by one, group i is bits
  // 4i+1 .. 4i+6 (1-based, from the MSB) of the rotated word, so it sits
  // 26 - 4i bits from the bottom; the last group wraps (a rotate left by 2).
  const r1 = (r >>> 1) | (r << 31);
  return (
    SP[(((r1 >>> 26) & 63) ^ keys[k]!)]! ^
    SP[64 + (((r1 >>> 22) & 63) ^ keys[k + 1]!)]! ^
    SP[128 + (((r1 >>> 18) & 63) ^ keys[k + 2]!)]! ^
    SP[192 + (((r1 >>> 14) & 63) ^ keys[k + 3]!)]! ^
    SP[256 + (((r1 >>> 10) & 63) ^ keys[k + 4]!)]! ^
    SP[320 + (((r1 >>> 6) & 63) ^ keys[k + 5]!)]! ^
    SP[384 + (((r1 >>> 2) & 63) ^ keys[k + 6]!)]! ^
    SP[448 + ((((r1 << 2) | (r1 >>> 30)) & 63) ^ keys[k + 7]!)]!
  );
}

/**
 * Three DES passes of sixteen rounds with the given 48 round keys. The
 * final permutation of one pass and the initial permutation of the next
 * cancel, so IP and FP are applied once each.
 */
function crypt(block: Uint32Array, keys: Uint8Array): void {
  permute(IP_TABLE, block);
  let l = block[0]!;
  let r = block[1]!;
  for (let pass = 0; pass < 3; pass++) {
    for (let round = 0; round < 16; round++) {
      const t = l ^ f(r, keys, (pass * 16 + round) * 8);
      l = r;
      r = t;
    }
    // The pre-output of a pass is R16 || L16 (FIPS 46-3: the halves swap
    // after the last round); that is also the next pass's L0 || R0.
    const t = l;
    l = r;
    r = t;
  }
  block[0] = l >>> 0;
  block[1] = r >>> 0;
  permute(FP_TABLE, block);
}
