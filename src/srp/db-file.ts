/**
 * The on-disk form of a VerifierDB (described for users in
 * docs/verifierdb.md): a UTF-8 text file of lines ending in "\n",
 *
 *     tlslite-ng SRP verifier database v1
 *     <user name> TAB <group bits> TAB <salt, hex> TAB <verifier, hex>
 *     ...
 *     end <number of users> <SHA-256 of every byte above this line, hex>
 *
 * The first line tells our file from a foreign one; the last line makes a
 * truncated or altered file detectable (a write cut short has no valid
 * trailer). The groups are RFC 5054's, named by their size in bits.
 *
 * Parsing is strict: any deviation is a VerifierDBError naming the file,
 * never a partially loaded database.
 *
 * @module
 */
import { defaultProvider } from '../crypto/select.js';
import { bytesToBigInt, fromHex, toHex } from '../crypto/bytes.js';
import { groupForBits } from './groups.js';
import { usernameProblem } from './username.js';
import type { SRPVerifierEntry } from './entry.js';

/** The first line of every database file. */
export const MAGIC = 'tlslite-ng SRP verifier database v1';

/** The largest file we read (about 200,000 users at 8192 bits); bigger is refused, not buffered. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A verifier database file that cannot be used; the message names the file. */
export class VerifierDBError extends Error {
  override name = 'VerifierDBError';
  constructor(
    /** The file concerned. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${message}`, options);
  }
}

const encoder = new TextEncoder();

function sha256(data: Uint8Array): Uint8Array {
  return defaultProvider().hashes.sha256.digest(data);
}

/** The file's bytes for `entries` (in the given order). */
export function serialize(entries: Iterable<readonly [string, SRPVerifierEntry]>): Uint8Array {
  const lines = [MAGIC];
  let count = 0;
  for (const [name, e] of entries) {
    const bits = groupBits(e);
    lines.push(`${name}\t${bits}\t${toHex(e.salt)}\t${e.verifier.toString(16)}`);
    count++;
  }
  const body = encoder.encode(lines.join('\n') + '\n');
  const trailer = encoder.encode(`end ${count} ${toHex(sha256(body))}\n`);
  const out = new Uint8Array(body.length + trailer.length);
  out.set(body);
  out.set(trailer, body.length);
  return out;
}

function groupBits(e: SRPVerifierEntry): number {
  const bits = [1024, 1536, 2048, 3072, 4096, 6144, 8192].find((b) => {
    const grp = groupForBits(b)!;
    return grp.N === e.N && grp.g === e.g;
  });
  if (bits === undefined) throw new RangeError('verifier entry is not in an RFC 5054 group');
  return bits;
}

/**
 * The entries of a database file.
 * @throws VerifierDBError when the file is not ours (no magic line), or is
 *   truncated, altered or malformed.
 */
export function parse(path: string, bytes: Uint8Array): Map<string, SRPVerifierEntry> {
  let textContent: string;
  try {
    textContent = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VerifierDBError(path, 'not a tlslite-ng SRP verifier database (not UTF-8 text)');
  }
  if (!textContent.startsWith(MAGIC + '\n')) {
    if (textContent.startsWith('tlslite-ng SRP verifier database ')) {
      throw new VerifierDBError(path, `unsupported SRP verifier database version: ${JSON.stringify(textContent.split('\n', 1)[0])}`);
    }
    throw new VerifierDBError(path, 'not a tlslite-ng SRP verifier database (the first line is not the expected header)');
  }
  const corrupt = (why: string) => new VerifierDBError(path, `corrupt SRP verifier database: ${why}`);
  if (!textContent.endsWith('\n')) throw corrupt('the last line is incomplete (truncated file?)');
  const trailerStart = textContent.lastIndexOf('\n', textContent.length - 2) + 1;
  const trailer = /^end (\d+) ([0-9a-f]{64})\n$/.exec(textContent.slice(trailerStart));
  if (trailer === null) throw corrupt('no end line (truncated file?)');
  const body = encoder.encode(textContent.slice(0, trailerStart));
  if (toHex(sha256(body)) !== trailer[2]) throw corrupt('the checksum does not match the contents');
  const lines = textContent.slice(0, trailerStart).split('\n').slice(1, -1);
  if (lines.length !== Number(trailer[1])) throw corrupt(`the end line counts ${trailer[1]} users, the file holds ${lines.length}`);
  const entries = new Map<string, SRPVerifierEntry>();
  lines.forEach((line, i) => {
    const where = `line ${i + 2}`;
    const fields = line.split('\t');
    if (fields.length !== 4) throw corrupt(`${where} does not have 4 fields`);
    const [name, bitsText, saltHex, verifierHex] = fields as [string, string, string, string];
    const problem = usernameProblem(name);
    if (problem !== undefined) throw corrupt(`${where}: the user name ${problem}`);
    if (entries.has(name)) throw corrupt(`${where}: user ${JSON.stringify(name)} appears twice`);
    const group = /^\d+$/.test(bitsText) ? groupForBits(Number(bitsText)) : undefined;
    if (group === undefined) throw corrupt(`${where}: ${JSON.stringify(bitsText)} is not an RFC 5054 group size`);
    if (!/^([0-9a-f]{2}){1,255}$/.test(saltHex)) throw corrupt(`${where}: bad salt`);
    if (!/^[0-9a-f]{1,2048}$/.test(verifierHex)) throw corrupt(`${where}: bad verifier`);
    const verifier = bytesToBigInt(fromHex(verifierHex.length % 2 ? '0' + verifierHex : verifierHex));
    if (verifier <= 1n || verifier >= group.N) throw corrupt(`${where}: the verifier is out of range for its group`);
    entries.set(name, Object.freeze({ N: group.N, g: group.g, salt: fromHex(saltHex), verifier }));
  });
  return entries;
}
