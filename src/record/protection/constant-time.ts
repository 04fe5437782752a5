/**
 * The constant-time check of a decrypted MAC-then-encrypt CBC record:
 * padding and MAC verified with the same work whatever the padding is.
 *
 * Why: in MAC-then-encrypt the padding is checked before the MAC can be,
 * and its length decides how much data the MAC covers. An implementation
 * that fails fast on bad padding (Vaudenay's padding oracle), or whose MAC
 * computation takes fewer hash compression-function calls when the
 * padding is long (AlFardan and Paterson, "Lucky Thirteen: Breaking the
 * TLS and DTLS Record Protocols", IEEE S&P 2013), tells an attacker about
 * the plaintext. RFC 5246 6.2.3.2's implementation note asks for the MAC
 * to be computed even when the padding is wrong ("as if there were a
 * zero-length pad") and for the same bad_record_mac either way; Lucky 13
 * shows that this still leaks through the number of hash blocks.
 *
 * How (the approach of s2n's s2n_verify_cbc, adapted to a provider that
 * offers one-shot HMAC and hash calls; tlslite-ng's constanttime.py gets
 * the same property more expensively, by computing the MAC at every
 * possible length):
 * 1. The padding length byte is read and every one of the last 256 bytes
 *    is examined, with masks rather than branches, whatever the padding
 *    length is. An invalid padding is replaced by zero-length padding.
 * 2. The MAC is computed over the data length that padding implies. That
 *    costs `compressions(L)` compression-function calls, which depends on
 *    the secret L; then `burn()` spends `compressions(Lmax) -
 *    compressions(L)` more on dummy data, Lmax being the length with no
 *    padding at all. The total is the same for every padding length.
 * 3. The received MAC sits at a secret offset. It is copied out by
 *    scanning the whole window where it may lie, into a buffer where it
 *    ends up rotated by an amount that depends on that offset, and then
 *    rotated back log2(MAC length) steps at a time under masks (as
 *    OpenSSL's ssl3_cbc_copy_mac does), so neither the memory accessed
 *    nor the branches depend on it.
 * 4. Bad padding and bad MAC are combined into one mask; the caller throws
 *    one TLSBadRecordMAC with one message for both.
 *
 * What remains: a JavaScript engine gives no timing guarantees, and the
 * byte-level cost of hashing a few more or fewer bytes inside a block is
 * not compensated (it is far below one compression). This removes the
 * large, measurable signals; it cannot promise cycle-exact constancy.
 *
 * @module
 */
import type { RecordMac } from './mac.js';

/** A second rotation buffer per MAC length (the record path is synchronous, so one each is enough). */
const SPARE = new Map<number, Uint8Array>();
function rotatedSpare(length: number): Uint8Array {
  let spare = SPARE.get(length);
  if (spare === undefined) SPARE.set(length, (spare = new Uint8Array(length)));
  return spare;
}

/** -1 (all ones) when a < b, else 0. Valid for 0 <= a, b < 2^31. */
function ctLt(a: number, b: number): number {
  return (a - b) >> 31;
}

/** -1 when a >= b, else 0. */
function ctGe(a: number, b: number): number {
  return ~((a - b) >> 31);
}

/** -1 when a === b, else 0 (0 <= a, b < 2^31). */
function ctEq(a: number, b: number): number {
  const x = a ^ b;
  return ((x - 1) & ~x) >> 31;
}

/**
 * Checks the padding and MAC of a decrypted MAC-then-encrypt record
 * `plaintext` = data || MAC || padding || padding_length, in constant time
 * (see the module comment). Returns the data length, or -1 when the
 * padding or the MAC is wrong (which one is deliberately not said).
 *
 * `plaintext.length` must be at least `mac.length + 1` (the caller checks
 * that public property first). `ssl3` selects SSLv3's rule: the padding
 * length is below the block length and the padding bytes are arbitrary
 * (RFC 6101 5.2.3.2); otherwise every padding byte must equal the padding
 * length (RFC 5246 6.2.3.2). `scratch` is `mac.length` bytes of working space.
 */
export function checkMacAndPadding(
  plaintext: Uint8Array,
  mac: RecordMac,
  seq: Uint8Array,
  contentType: number,
  version: number,
  blockLength: number,
  ssl3: boolean,
  scratch: Uint8Array,
): number {
  const p = plaintext;
  const n = p.length;
  const macLength = mac.length;
  const maxData = n - macLength - 1;
  let padLength = p[n - 1]!;

  // 1. Padding. `good` is -1 while everything checks out.
  let good = ctGe(maxData, padLength);
  if (ssl3) {
    good &= ctLt(padLength, blockLength);
  } else {
    const toCheck = Math.min(256, n);
    let diff = 0;
    for (let i = 1; i < toCheck; i++) {
      diff |= ctGe(padLength, i) & (p[n - 1 - i]! ^ padLength);
    }
    good &= ctEq(diff, 0);
  }
  padLength &= good;
  const dataLength = maxData - padLength;

  // 2. The MAC over the data, then dummy compressions up to the maximum.
  const expected = mac.compute(seq, contentType, version, p.subarray(0, dataLength));
  mac.burn(mac.compressions(maxData) - mac.compressions(dataLength));

  // 3. Copy the received MAC out of the window where it can lie (it
  //    starts at dataLength, somewhere in [n - macLength - 256, maxData]).
  const rotated = scratch;
  rotated.fill(0);
  const macEnd = dataLength + macLength;
  const scanStart = Math.max(0, maxData - 255);
  let rotation = 0;
  let j = 0;
  for (let i = scanStart; i < n - 1; i++) {
    const inMac = ctGe(i, dataLength) & ctLt(i, macEnd);
    rotated[j] = rotated[j]! | (p[i]! & inMac);
    rotation |= j & ctEq(i, dataLength);
    if (++j === macLength) j = 0;
  }
  // rotated[(rotation + k) % macLength] is byte k of the received MAC.
  // Rotate it into place one bit of `rotation` at a time (rotate by 2^i, or
  // keep, under a mask): O(macLength log macLength), every byte touched
  // the same way whatever the rotation.
  let from = rotated;
  let to = rotatedSpare(macLength);
  for (let step = 1, shift = 0; step < macLength; step <<= 1, shift++) {
    const take = -((rotation >>> shift) & 1); // all ones when this bit of the rotation is set
    const keep = ~take;
    let source = step;
    for (let k = 0; k < macLength; k++) {
      to[k] = (from[source]! & take) | (from[k]! & keep);
      if (++source === macLength) source = 0;
    }
    const t = from;
    from = to;
    to = t;
  }
  let diff = 0;
  for (let k = 0; k < macLength; k++) diff |= from[k]! ^ expected[k]!;
  good &= ctEq(diff, 0);

  // 4. One answer for both failures.
  return good === 0 ? -1 : dataLength;
}
