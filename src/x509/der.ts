/**
 * A strict DER reader and a small DER writer (ITU-T X.690).
 *
 * The reader accepts only what DER allows: definite lengths in their
 * shortest form, minimal INTEGERs and OBJECT IDENTIFIER arcs, BIT STRINGs
 * with zeroed padding bits, BOOLEANs of 0x00/0xFF. Every length is checked
 * against the bytes that hold it before it is used, so malformed input
 * ends in a `DERError` naming what is wrong, never in a crash or an
 * over-read. Values are views into the input (no copies).
 *
 * @module
 */
import { concatBytes } from '../crypto/bytes.js';

/** A malformed or unexpected DER encoding. `what` names the field being read. */
export class DERError extends Error {
  override name = 'DERError';
}

/** Universal tags (with the constructed bit where DER requires it). */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** The tag byte of a context-specific tag `[n]` (n < 31). */
export function contextTag(n: number, constructed: boolean): number {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError('context tag number must be 0..30');
  return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** One TLV element. */
export interface DERElement {
  /** The identifier octet (class, constructed bit and tag number). */
  readonly tag: number;
  /** The contents octets. */
  readonly value: Uint8Array;
  /** The whole encoding, identifier and length included (for signatures over TBS data). */
  readonly encoded: Uint8Array;
}

const TAG_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Tag).map(([k, v]) => [v, k.replace(/_/g, ' ')]));

function tagName(tag: number): string {
  const universal = TAG_NAMES[tag];
  if (universal) return universal;
  if ((tag & 0xc0) === 0x80) return `[${tag & 0x1f}]${tag & 0x20 ? ' (constructed)' : ''}`;
  return `tag 0x${tag.toString(16).padStart(2, '0')}`;
}

/** Longest length we accept: 4 length octets are already far beyond any certificate or key. */
const MAX_LENGTH_OCTETS = 4;

/**
 * Reads DER elements one after another from a byte string. A reader for
 * a SEQUENCE's contents comes from `sequence()`; call `end()` when done
 * to refuse trailing elements.
 */
export class DERReader {
  readonly #bytes: Uint8Array;
  readonly #what: string;
  #offset = 0;

  /** `what` names the structure in error messages (e.g. "SubjectPublicKeyInfo"). */
  constructor(bytes: Uint8Array, what = 'DER data') {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
    this.#bytes = bytes;
    this.#what = what;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  /** Whether every element has been read. */
  atEnd(): boolean {
    return this.remaining === 0;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.atEnd() ? undefined : this.#bytes[this.#offset];
  }

  /** Throws unless every byte has been read (DER structures have no trailing data). */
  end(): void {
    if (!this.atEnd()) {
      throw new DERError(`${this.#what}: ${this.remaining} unexpected trailing byte(s) (next is ${tagName(this.peekTag()!)})`);
    }
  }

  /** Reads the next element, whatever its tag. */
  readAny(what = 'element'): DERElement {
    const bytes = this.#bytes;
    const start = this.#offset;
    const context = `${this.#what}: ${what}`;
    if (start >= bytes.length) throw new DERError(`${context}: missing (end of data)`);
    const tag = bytes[start]!;
    if ((tag & 0x1f) === 0x1f) throw new DERError(`${context}: high tag numbers (0x${tag.toString(16)}) are not used here`);
    let pos = start + 1;
    if (pos >= bytes.length) throw new DERError(`${context}: truncated before its length`);
    const first = bytes[pos++]!;
    let length: number;
    if (first < 0x80) {
      length = first;
    } else {
      const count = first & 0x7f;
      if (count === 0) throw new DERError(`${context}: indefinite length is not DER`);
      if (count > MAX_LENGTH_OCTETS) throw new DERError(`${context}: length of ${count} octets is too large`);
      if (pos + count > bytes.length) throw new DERError(`${context}: truncated inside its length`);
      if (bytes[pos] === 0) throw new DERError(`${context}: length has a leading zero octet (not minimal)`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
      if (length < 0x80) throw new DERError(`${context}: long-form length ${length} should use the short form`);
    }
    if (length > bytes.length - pos) {
      throw new DERError(`${context}: length ${length} runs past the end of the data (${bytes.length - pos} bytes left)`);
    }
    this.#offset = pos + length;
    return { tag, value: bytes.subarray(pos, pos + length), encoded: bytes.subarray(start, pos + length) };
  }

  /** Reads the next element, which must carry `tag`. */
  read(tag: number, what = tagName(tag)): DERElement {
    const next = this.peekTag();
    if (next === undefined) throw new DERError(`${this.#what}: ${what}: missing (end of data)`);
    if (next !== tag) throw new DERError(`${this.#what}: ${what}: expected ${tagName(tag)}, found ${tagName(next)}`);
    return this.readAny(what);
  }

  /** Reads the next element if it carries `tag`, else nothing. */
  readOptional(tag: number, what = tagName(tag)): DERElement | undefined {
    return this.peekTag() === tag ? this.read(tag, what) : undefined;
  }

  /** A reader over the contents of the next SEQUENCE. */
  sequence(what = 'SEQUENCE'): DERReader {
    return new DERReader(this.read(Tag.SEQUENCE, what).value, `${this.#what}: ${what}`);
  }

  /** A reader over the contents of the next SET. */
  set(what = 'SET'): DERReader {
    return new DERReader(this.read(Tag.SET, what).value, `${this.#what}: ${what}`);
  }

  /** A reader over the contents of an explicit (constructed) context tag `[n]`. */
  context(n: number, what = `[${n}]`): DERReader {
    return new DERReader(this.read(contextTag(n, true), what).value, `${this.#what}: ${what}`);
  }

  /** Like `context()`, but returns undefined when the next element is not `[n]`. */
  optionalContext(n: number, what = `[${n}]`): DERReader | undefined {
    return this.peekTag() === contextTag(n, true) ? this.context(n, what) : undefined;
  }

  /** An INTEGER as a bigint (two's complement, so it may be negative). */
  integer(what = 'INTEGER'): bigint {
    return decodeInteger(this.read(Tag.INTEGER, what).value, `${this.#what}: ${what}`);
  }

  /** An INTEGER that must not be negative. */
  unsignedInteger(what = 'INTEGER'): bigint {
    const value = this.integer(what);
    if (value < 0n) throw new DERError(`${this.#what}: ${what}: must not be negative`);
    return value;
  }

  /** A small non-negative INTEGER (a version number, a length) as a number. */
  smallInteger(what = 'INTEGER', max = 0x7fffffff): number {
    const value = this.unsignedInteger(what);
    if (value > BigInt(max)) throw new DERError(`${this.#what}: ${what}: ${value} exceeds ${max}`);
    return Number(value);
  }

  /** A BOOLEAN (DER: 0x00 or 0xFF only). */
  boolean(what = 'BOOLEAN'): boolean {
    const { value } = this.read(Tag.BOOLEAN, what);
    if (value.length !== 1 || (value[0] !== 0x00 && value[0] !== 0xff)) {
      throw new DERError(`${this.#what}: ${what}: a DER BOOLEAN is one octet, 0x00 or 0xFF`);
    }
    return value[0] === 0xff;
  }

  /** A NULL (empty contents). */
  null(what = 'NULL'): void {
    if (this.read(Tag.NULL, what).value.length !== 0) throw new DERError(`${this.#what}: ${what}: NULL must be empty`);
  }

  /** An OBJECT IDENTIFIER in dotted form ("1.2.840.113549.1.1.1"). */
  oid(what = 'OBJECT IDENTIFIER'): string {
    return decodeOid(this.read(Tag.OBJECT_IDENTIFIER, what).value, `${this.#what}: ${what}`);
  }

  /** A BIT STRING: its bytes and the number of unused bits in the last one. */
  bitString(what = 'BIT STRING'): { bytes: Uint8Array; unusedBits: number } {
    const { value } = this.read(Tag.BIT_STRING, what);
    const context = `${this.#what}: ${what}`;
    if (value.length === 0) throw new DERError(`${context}: missing its unused-bits octet`);
    const unusedBits = value[0]!;
    if (unusedBits > 7) throw new DERError(`${context}: ${unusedBits} unused bits (at most 7)`);
    if (value.length === 1 && unusedBits !== 0) throw new DERError(`${context}: unused bits in an empty BIT STRING`);
    if (unusedBits && value[value.length - 1]! & ((1 << unusedBits) - 1)) {
      throw new DERError(`${context}: unused bits are not zero (not DER)`);
    }
    return { bytes: value.subarray(1), unusedBits };
  }

  /** A BIT STRING holding whole bytes (a key, a signature). */
  bitStringBytes(what = 'BIT STRING'): Uint8Array {
    const { bytes, unusedBits } = this.bitString(what);
    if (unusedBits !== 0) throw new DERError(`${this.#what}: ${what}: expected whole octets, found ${unusedBits} unused bits`);
    return bytes;
  }

  /** An OCTET STRING's contents. */
  octetString(what = 'OCTET STRING'): Uint8Array {
    return this.read(Tag.OCTET_STRING, what).value;
  }

  /** Any of the ASN.1 string types X.509 names use, decoded to a JS string. */
  string(what = 'string'): string {
    const tag = this.peekTag();
    const context = `${this.#what}: ${what}`;
    if (tag === undefined) throw new DERError(`${context}: missing (end of data)`);
    const { value } = this.readAny(what);
    switch (tag) {
      case Tag.UTF8_STRING:
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(value);
        } catch {
          throw new DERError(`${context}: invalid UTF-8`);
        }
      case Tag.PRINTABLE_STRING:
      case Tag.IA5_STRING:
      case Tag.NUMERIC_STRING:
      case Tag.VISIBLE_STRING:
        for (const b of value) if (b > 0x7f) throw new DERError(`${context}: non-ASCII octet in ${tagName(tag)}`);
        return String.fromCharCode(...value);
      case Tag.TELETEX_STRING:
        // T.61 in theory; Latin-1 in every certificate seen in practice.
        return String.fromCharCode(...value);
      case Tag.BMP_STRING: {
        if (value.length % 2) throw new DERError(`${context}: BMPString of odd length`);
        let s = '';
        for (let i = 0; i < value.length; i += 2) s += String.fromCharCode((value[i]! << 8) | value[i + 1]!);
        return s;
      }
      case Tag.UNIVERSAL_STRING: {
        if (value.length % 4) throw new DERError(`${context}: UniversalString length not a multiple of 4`);
        let s = '';
        for (let i = 0; i < value.length; i += 4) {
          const cp = ((value[i]! << 24) | (value[i + 1]! << 16) | (value[i + 2]! << 8) | value[i + 3]!) >>> 0;
          if (cp > 0x10ffff) throw new DERError(`${context}: code point out of range`);
          s += String.fromCodePoint(cp);
        }
        return s;
      }
      default:
        throw new DERError(`${context}: expected a string type, found ${tagName(tag)}`);
    }
  }

  /** A UTCTime or GeneralizedTime (RFC 5280 4.1.2.5 profile: UTC, "Z", seconds present, no fractions). */
  time(what = 'Time'): Date {
    const tag = this.peekTag();
    const context = `${this.#what}: ${what}`;
    if (tag !== Tag.UTC_TIME && tag !== Tag.GENERALIZED_TIME) {
      throw new DERError(`${context}: expected UTCTime or GeneralizedTime, found ${tag === undefined ? 'end of data' : tagName(tag)}`);
    }
    const text = String.fromCharCode(...this.readAny(what).value);
    const match =
      tag === Tag.UTC_TIME ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DERError(`${context}: ${JSON.stringify(text)} is not a DER time`);
    let year = Number(match[1]);
    // RFC 5280 4.1.2.5.1: two-digit years 50-99 are 19xx, 00-49 are 20xx.
    if (tag === Tag.UTC_TIME) year += year >= 50 ? 1900 : 2000;
    const [month, day, hour, minute, second] = match.slice(2).map(Number) as [number, number, number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (
      date.getUTCFullYear() !== year ||
      date.getUTCMonth() !== month - 1 ||
      date.getUTCDate() !== day ||
      date.getUTCHours() !== hour ||
      date.getUTCMinutes() !== minute ||
      date.getUTCSeconds() !== second
    ) {
      throw new DERError(`${context}: ${JSON.stringify(text)} is not a valid date`);
    }
    return date;
  }
}

/** Parses `bytes` as exactly one DER element with `tag` and returns a reader over its contents. */
export function readDER(bytes: Uint8Array, tag: number, what = 'DER data'): DERReader {
  const outer = new DERReader(bytes, what);
  const element = outer.read(tag, tagName(tag));
  outer.end();
  return new DERReader(element.value, what);
}

function decodeInteger(value: Uint8Array, context: string): bigint {
  if (value.length === 0) throw new DERError(`${context}: empty INTEGER`);
  if (value.length > 1) {
    // X.690 8.3.2: the first nine bits must not be all zeros or all ones.
    if ((value[0] === 0x00 && !(value[1]! & 0x80)) || (value[0] === 0xff && value[1]! & 0x80)) {
      throw new DERError(`${context}: INTEGER is not minimally encoded`);
    }
  }
  let hex = '';
  for (const b of value) hex += b.toString(16).padStart(2, '0');
  const unsigned = BigInt('0x' + hex);
  return value[0]! & 0x80 ? unsigned - (1n << BigInt(8 * value.length)) : unsigned;
}

function decodeOid(value: Uint8Array, context: string): string {
  if (value.length === 0) throw new DERError(`${context}: empty OBJECT IDENTIFIER`);
  const arcs: bigint[] = [];
  let current = 0n;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    // X.690 8.19.2: no leading 0x80 octet in a subidentifier (minimal).
    if (!started && b === 0x80) throw new DERError(`${context}: OBJECT IDENTIFIER arc is not minimally encoded`);
    current = (current << 7n) | BigInt(b & 0x7f);
    started = true;
    if (!(b & 0x80)) {
      arcs.push(current);
      current = 0n;
      started = false;
    }
  }
  if (started) throw new DERError(`${context}: OBJECT IDENTIFIER ends inside an arc`);
  const first = arcs[0]!;
  // X.690 8.19.4: the first subidentifier packs the first two arcs.
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

// ---------------------------------------------------------------- writer

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) octets.unshift(l & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** An element with `tag` and the concatenation of `contents`. */
export function derTLV(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const value = concatBytes(...contents);
  return concatBytes(Uint8Array.of(tag), encodeLength(value.length), value);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(...elements: Uint8Array[]): Uint8Array {
  return derTLV(Tag.SEQUENCE, ...elements);
}

/** SET of already-encoded elements, sorted as DER requires (X.690 11.6). */
export function derSet(...elements: Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  return derTLV(Tag.SET, ...sorted);
}

/** Explicit context tag `[n]` around already-encoded elements. */
export function derContext(n: number, ...elements: Uint8Array[]): Uint8Array {
  return derTLV(contextTag(n, true), ...elements);
}

/** INTEGER, minimal two's complement. */
export function derInteger(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  const bytes: number[] = [];
  if (v >= 0n) {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if (bytes[0]! & 0x80) bytes.unshift(0);
  } else {
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v < -1n || !(bytes[0]! & 0x80));
  }
  return derTLV(Tag.INTEGER, Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from dotted form. */
export function derOid(dotted: string): Uint8Array {
  if (!/^[0-2](\.\d+)+$/.test(dotted)) throw new RangeError(`not an OBJECT IDENTIFIER: ${JSON.stringify(dotted)}`);
  const arcs = dotted.split('.').map(BigInt);
  if (arcs[0]! < 2n && arcs[1]! >= 40n) throw new RangeError(`OBJECT IDENTIFIER ${dotted}: second arc must be below 40`);
  const subs = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const sub of subs) {
    const chunk: number[] = [Number(sub & 0x7fn)];
    for (let v = sub >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return derTLV(Tag.OBJECT_IDENTIFIER, Uint8Array.from(out));
}

/** NULL. */
export function derNull(): Uint8Array {
  return Uint8Array.of(Tag.NULL, 0);
}

/** BIT STRING of whole bytes. */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derTLV(Tag.BIT_STRING, Uint8Array.of(0), bytes);
}

/** OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTLV(Tag.OCTET_STRING, bytes);
}
