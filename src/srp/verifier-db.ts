/**
 * `VerifierDB`: SRP password verifiers by user name, in memory or in a
 * file (the seed's VerifierDB).
 *
 *     const db = VerifierDB.create('users.db');          // a new, empty file
 *     db.add('alice', VerifierDB.makeVerifier('alice', 'secret', 2048));
 *     const server = createServer({ verifierDB: VerifierDB.open('users.db') });
 *
 * On disk (format: db-file.ts, docs/verifierdb.md):
 * - every change rewrites the file through a temporary file in the same
 *   directory that is written, fsync'ed and renamed over the old one (then
 *   the directory is fsync'ed), so a crash at any moment leaves the old
 *   or the new database, never a mix;
 * - writers take a lock file (`<file>.lock`, holding the writer's pid;
 *   one left by a dead process is taken over) and re-read the file under
 *   it, so two processes adding users at once lose neither;
 * - readers need no lock: rename is atomic, so a reader sees one whole
 *   version; an open database notices the file changed (another process
 *   ran `tlsdb add`) and reloads it before answering;
 * - a corrupt, truncated or foreign file is refused with a VerifierDBError
 *   naming it.
 *
 * File operations are synchronous: a lookup costs one stat() (and a read
 * when the file changed), which a server can afford per handshake.
 *
 * @module
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { CryptoProvider } from '../crypto/provider.js';
import { constantTimeEqual, bigIntToBytes } from '../crypto/bytes.js';
import { defaultProvider } from '../crypto/select.js';
import { MAX_FILE_BYTES, parse, serialize, VerifierDBError } from './db-file.js';
import type { SRPVerifierEntry } from './entry.js';
import { groupForBits, SRP_GROUP_BITS, SRP_GROUPS } from './groups.js';
import { computeVerifier, toBytes } from './math.js';
import { checkUsername } from './username.js';

/** Salt length makeVerifier draws (the seed's 16 bytes). */
const SALT_BYTES = 16;
/** How long a writer waits for another writer's lock. */
const LOCK_TIMEOUT_MS = 10_000;

/** What identifies one version of the file (replaced by rename: new inode). */
interface FileStamp {
  readonly ino: bigint;
  readonly dev: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

function stampOf(stats: fs.BigIntStats): FileStamp {
  return { ino: stats.ino, dev: stats.dev, size: stats.size, mtimeNs: stats.mtimeNs };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function checkEntry(entry: unknown): asserts entry is SRPVerifierEntry {
  if (entry === null || typeof entry !== 'object') throw new TypeError('verifier must be an object { N, g, salt, verifier } (see VerifierDB.makeVerifier)');
  const e = entry as Record<string, unknown>;
  if (typeof e['N'] !== 'bigint' || typeof e['g'] !== 'bigint' || typeof e['verifier'] !== 'bigint') {
    throw new TypeError('verifier.N, verifier.g and verifier.verifier must be bigints');
  }
  if (!(e['salt'] instanceof Uint8Array)) throw new TypeError('verifier.salt must be a Uint8Array');
  if (!SRP_GROUPS.some((grp) => grp.N === e['N'] && grp.g === e['g'])) {
    throw new RangeError('verifier: (N, g) must be one of the RFC 5054 groups (clients refuse others)');
  }
  const salt = e['salt'];
  if (salt.length < 1 || salt.length > 255) throw new RangeError('verifier.salt must be 1 to 255 bytes (RFC 5054 2.5.3)');
  const v = e['verifier'];
  if (v <= 1n || v >= (e['N'] as bigint)) throw new RangeError('verifier.verifier must satisfy 1 < v < N');
}

/** SRP verifiers by user name: the seed's VerifierDB, in memory or on disk. */
export class VerifierDB {
  /** The database file, or undefined for an in-memory database. */
  readonly path: string | undefined;
  #entries = new Map<string, SRPVerifierEntry>();
  #stamp: FileStamp | undefined;

  /**
   * An empty in-memory database. For a file, use `VerifierDB.create(path)`
   * (new file) or `VerifierDB.open(path)` (existing file).
   */
  constructor() {
    this.path = undefined;
  }

  /**
   * Creates a new, empty database file.
   * @throws VerifierDBError when the file already exists or cannot be written.
   */
  static create(path: string): VerifierDB {
    const file = checkPath(path);
    const db = fileBacked(file);
    db.#withLock(() => {
      if (fs.existsSync(file)) throw new VerifierDBError(file, 'already exists (refusing to overwrite a database)');
      db.#entries = new Map();
      db.#write();
    });
    return db;
  }

  /**
   * Opens an existing database file.
   * @throws VerifierDBError when it does not exist, cannot be read, or is
   *   not a valid verifier database (corrupt, truncated or foreign).
   */
  static open(path: string): VerifierDB {
    const db = fileBacked(checkPath(path));
    db.#load();
    return db;
  }

  /**
   * A verifier for `username` and `password` in the RFC 5054 group of
   * `bits` bits (1024, 1536, 2048, 3072, 4096, 6144 or 8192), with a
   * fresh 16-byte salt. The password itself is not kept.
   * @throws RangeError for a bad user name or group size; TypeError for
   *   arguments of the wrong type.
   */
  static makeVerifier(username: string, password: string | Uint8Array, bits: number, provider: CryptoProvider = defaultProvider()): SRPVerifierEntry {
    checkUsername(username);
    checkPassword(password);
    const group = typeof bits === 'number' ? groupForBits(bits) : undefined;
    if (group === undefined) throw new RangeError(`bits must be one of ${SRP_GROUP_BITS.join(', ')}`);
    const salt = provider.random.bytes(SALT_BYTES);
    const verifier = computeVerifier(provider, group.N, group.g, salt, username, password);
    return Object.freeze({ N: group.N, g: group.g, salt, verifier });
  }

  /**
   * Adds or replaces `username`'s verifier (written to the file at once).
   * @throws TypeError/RangeError for a bad user name or entry;
   *   VerifierDBError when the file cannot be updated.
   */
  add(username: string, verifier: SRPVerifierEntry): void {
    checkUsername(username);
    checkEntry(verifier);
    const entry = Object.freeze({ N: verifier.N, g: verifier.g, salt: verifier.salt.slice(), verifier: verifier.verifier });
    this.#modify((entries) => {
      entries.set(username, entry);
      return true;
    });
  }

  /** Removes `username`; returns false when there was no such user. */
  delete(username: string): boolean {
    if (typeof username !== 'string') throw new TypeError('username must be a string');
    return this.#modify((entries) => entries.delete(username));
  }

  /** The verifier of `username`, or undefined. */
  get(username: string): SRPVerifierEntry | undefined {
    if (typeof username !== 'string') throw new TypeError('username must be a string');
    this.#refresh();
    return this.#entries.get(username);
  }

  /** Whether `username` has a verifier. */
  has(username: string): boolean {
    return this.get(username) !== undefined;
  }

  /** The user names, in the order they were added. */
  keys(): string[] {
    this.#refresh();
    return [...this.#entries.keys()];
  }

  /** Number of users. */
  get size(): number {
    this.#refresh();
    return this.#entries.size;
  }

  /**
   * Whether `password` is `username`'s (recomputes the verifier with the
   * stored salt and compares in constant time). False for an unknown user.
   */
  check(username: string, password: string | Uint8Array, provider: CryptoProvider = defaultProvider()): boolean {
    checkPassword(password);
    const entry = this.get(username);
    if (entry === undefined) return false;
    const v = computeVerifier(provider, entry.N, entry.g, entry.salt, username, password);
    const length = Math.ceil(entry.N.toString(16).length / 2);
    return constantTimeEqual(bigIntToBytes(v, length), bigIntToBytes(entry.verifier, length));
  }

  toString(): string {
    return `VerifierDB(${this.path ?? 'in memory'}, ${this.#entries.size} users)`;
  }

  // ---------------------------------------------------------------- file handling

  /** Reloads when another process replaced the file since we read it. */
  #refresh(): void {
    if (this.path === undefined) return;
    let stats: fs.BigIntStats;
    try {
      stats = fs.statSync(this.path, { bigint: true });
    } catch (error) {
      throw new VerifierDBError(this.path, `cannot be read: ${(error as Error).message}`, { cause: error });
    }
    if (this.#stamp === undefined || !sameStamp(this.#stamp, stampOf(stats))) this.#load();
  }

  /** Reads the whole file through one descriptor (so the stamp and the bytes are of the same version). */
  #load(): void {
    const path = this.path!;
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error) {
      throw new VerifierDBError(path, `cannot be opened: ${(error as Error).message}`, { cause: error });
    }
    try {
      const stats = fs.fstatSync(fd, { bigint: true });
      if (!stats.isFile()) throw new VerifierDBError(path, 'is not a regular file');
      if (stats.size > BigInt(MAX_FILE_BYTES)) throw new VerifierDBError(path, `is larger than ${MAX_FILE_BYTES} bytes; not a verifier database`);
      const bytes = fs.readFileSync(fd);
      this.#entries = parse(path, bytes);
      this.#stamp = stampOf(stats);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Applies `change` to the current contents (re-read under the lock) and writes them if it says so. */
  #modify(change: (entries: Map<string, SRPVerifierEntry>) => boolean): boolean {
    if (this.path === undefined) return change(this.#entries);
    return this.#withLock(() => {
      this.#load();
      const entries = new Map(this.#entries);
      const changed = change(entries);
      if (changed) {
        this.#entries = entries;
        this.#write();
      }
      return changed;
    });
  }

  /** Temporary file, fsync, rename, fsync of the directory. */
  #write(): void {
    const path = this.path!;
    const bytes = serialize(this.#entries);
    const dir = nodePath.dirname(path);
    const temp = nodePath.join(dir, `.${nodePath.basename(path)}.tmp-${process.pid}`);
    try {
      const fd = fs.openSync(temp, 'w', 0o600);
      try {
        let written = 0;
        while (written < bytes.length) written += fs.writeSync(fd, bytes, written);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, path);
      syncDirectory(dir);
      this.#stamp = stampOf(fs.statSync(path, { bigint: true }));
    } catch (error) {
      fs.rmSync(temp, { force: true });
      if (error instanceof VerifierDBError) throw error;
      throw new VerifierDBError(path, `cannot be written: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Runs `action` holding `<file>.lock` (created exclusively; a dead holder's lock is taken over). */
  #withLock<T>(action: () => T): T {
    const path = this.path!;
    const lock = `${path}.lock`;
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        const fd = fs.openSync(lock, 'wx', 0o600);
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new VerifierDBError(path, `cannot take the lock ${lock}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (removeStaleLock(lock)) continue;
      if (Date.now() > deadline) throw new VerifierDBError(path, `is locked by another writer (${lock})`);
      sleepSync(10);
    }
    try {
      return action();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}

function fileBacked(path: string): VerifierDB {
  const db = new VerifierDB();
  (db as { path: string | undefined }).path = path;
  return db;
}

function checkPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
  return nodePath.resolve(path);
}

function checkPassword(password: unknown): asserts password is string | Uint8Array {
  if (typeof password !== 'string' && !(password instanceof Uint8Array)) throw new TypeError('password must be a string or a Uint8Array');
  if (toBytes(password).length === 0) throw new RangeError('password must not be empty');
}

/** True when `lock` was left by a process that no longer exists (and was removed). */
function removeStaleLock(lock: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
  } catch {
    return true; // gone meanwhile: try again
  }
  // An empty lock file: its writer died between creating and writing it,
  // or is about to write; give it a moment before taking it over.
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    try {
      if (Date.now() - fs.statSync(lock).mtimeMs < 1000) return false;
    } catch {
      return true;
    }
  } else {
    try {
      process.kill(pid, 0);
      return false; // alive
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return false; // alive, not ours
    }
  }
  fs.rmSync(lock, { force: true });
  return true;
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export { VerifierDBError };
