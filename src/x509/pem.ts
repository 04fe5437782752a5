/**
 * PEM (RFC 7468): finding `-----BEGIN label-----` blocks in text and
 * decoding their base64, and writing them (the seed's
 * `tlslite.utils.pem`: `dePem`, `dePemList`, `pem`, `pemSniff`).
 *
 * Decoding tolerates text around the blocks (OpenSSL's "Bag Attributes",
 * comments), CRLF line ends and trailing whitespace, and keeps RFC 1421
 * headers (`Proc-Type`, `DEK-Info`) so callers can tell an encrypted
 * legacy key. The base64 itself is checked strictly: only the base64
 * alphabet, padding only at the end, a multiple of four characters.
 *
 * @module
 */

/** A malformed PEM block, or no block with the wanted label. */
export class PEMError extends Error {
  override name = 'PEMError';
}

/** One decoded PEM block. */
export interface PEMBlock {
  /** The label between BEGIN and the dashes, e.g. "CERTIFICATE". */
  readonly label: string;
  /** The decoded contents. */
  readonly bytes: Uint8Array;
  /** RFC 1421 headers ("Proc-Type", "DEK-Info"), if the block had any. */
  readonly headers: Readonly<Record<string, string>>;
}

// RFC 7468 3: label characters are printable ASCII except '-', with
// single spaces or hyphens between words.
const BEGIN = /-----BEGIN ([\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?-----/g;

/**
 * Every PEM block in `text` (optionally only those labelled `label`), in
 * order.
 * @throws PEMError for a block without its END line, with mismatched
 *   labels, or with invalid base64.
 */
export function pemDecodeAll(text: string, label?: string): PEMBlock[] {
  if (typeof text !== 'string') throw new TypeError('PEM text must be a string');
  const blocks: PEMBlock[] = [];
  BEGIN.lastIndex = 0;
  for (let match = BEGIN.exec(text); match; match = BEGIN.exec(text)) {
    const found = match[1] ?? '';
    const bodyStart = match.index + match[0].length;
    const endMarker = `-----END ${found}-----`;
    const end = text.indexOf('-----END ', bodyStart);
    if (end < 0 || !text.startsWith(endMarker, end)) {
      throw new PEMError(`PEM block "${found}" has no matching "${endMarker}" line`);
    }
    BEGIN.lastIndex = end + endMarker.length;
    if (label !== undefined && found !== label) continue;
    const { headers, base64 } = splitHeaders(text.slice(bodyStart, end), found);
    blocks.push({ label: found, bytes: decodeBase64(base64, found), headers });
  }
  return blocks;
}

/**
 * The contents of the first block labelled `label` in `text` (the seed's
 * `dePem`).
 * @throws PEMError when there is none or it is malformed.
 */
export function pemDecode(text: string, label: string): Uint8Array {
  const block = pemDecodeAll(text, label)[0];
  if (!block) throw new PEMError(`no "-----BEGIN ${label}-----" block found`);
  return block.bytes;
}

/** The seed's name for `pemDecode`. */
export const dePem = pemDecode;

/** The contents of every block labelled `label` (the seed's `dePemList`). */
export function dePemList(text: string, label: string): Uint8Array[] {
  return pemDecodeAll(text, label).map((b) => b.bytes);
}

/** Whether `text` contains a BEGIN line for `label` (the seed's `pemSniff`). */
export function pemSniff(text: string, label: string): boolean {
  return typeof text === 'string' && text.includes(`-----BEGIN ${label}-----`);
}

/** `bytes` as a PEM block labelled `label`, base64 in 64-column lines (RFC 7468 2), ending with a newline. */
export function pemEncode(bytes: Uint8Array, label: string): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('PEM contents must be a Uint8Array');
  if (!/^[\x21-\x2c\x2e-\x7e]+(?:[- ][\x21-\x2c\x2e-\x7e]+)*$/.test(label)) {
    throw new RangeError(`invalid PEM label ${JSON.stringify(label)}`);
  }
  const base64 = encodeBase64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${label}-----\n`;
}

/** The seed's name for `pemEncode` (argument order as the seed: bytes, label). */
export const pem = pemEncode;

function splitHeaders(body: string, label: string): { headers: Record<string, string>; base64: string } {
  const lines = body.split(/\r?\n|\r/);
  const headers: Record<string, string> = {};
  // RFC 1421 4.4: "Name: value" lines (continued by leading whitespace),
  // then an empty line, before the base64.
  const firstText = lines.findIndex((l) => l.trim() !== '');
  if (firstText >= 0 && /^[A-Za-z][A-Za-z0-9-]*:/.test(lines[firstText]!.trim())) {
    let i = firstText;
    let last: string | undefined;
    for (; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim() === '') break;
      if (/^[ \t]/.test(line) && last) {
        headers[last] += line.trim();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon < 0) throw new PEMError(`PEM block "${label}": malformed header line`);
      last = line.slice(0, colon).trim();
      headers[last] = line.slice(colon + 1).trim();
    }
    return { headers, base64: lines.slice(i).join('') };
  }
  return { headers, base64: lines.join('') };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

// Own decoder rather than atob/Buffer: both silently skip invalid
// characters, and a strict parser must refuse them (RFC 7468 3).
function decodeBase64(text: string, label: string): Uint8Array {
  const clean = text.replace(/[ \t\r\n]/g, '');
  const fail = (why: string) => new PEMError(`PEM block "${label}": invalid base64 (${why})`);
  if (clean.length % 4 !== 0) throw fail('length is not a multiple of 4');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((clean.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const last = i + 4 === clean.length;
    const v: number[] = [];
    for (let j = 0; j < 4; j++) {
      const c = clean.charCodeAt(i + j);
      if (c === 0x3d && last && j >= 4 - padding) {
        v.push(0);
        continue;
      }
      const value = c < 128 ? VALUES[c]! : -1;
      if (value < 0) throw fail(c === 0x3d ? 'padding in the middle' : `character ${JSON.stringify(clean[i + j])}`);
      v.push(value);
    }
    const n = (v[0]! << 18) | (v[1]! << 12) | (v[2]! << 6) | v[3]!;
    const bytes = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    const count = last ? 3 - padding : 3;
    // The bits padding drops must be zero, or two texts decode the same.
    if (last && padding && bytes.slice(count).some((b) => b !== 0)) throw fail('non-zero padding bits');
    for (let k = 0; k < count; k++) out[o++] = bytes[k]!;
  }
  return out;
}

function encodeBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    s += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    s += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    s += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return s;
}
