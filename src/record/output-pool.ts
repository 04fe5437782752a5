/**
 * Memory for outgoing records: slabs that are reused once the transport
 * has written what was carved out of them.
 *
 * Why: a bulk sender seals one 16 KiB record per write. Allocating each
 * record (or even each 96 KiB slab) afresh made the allocator and the
 * kernel the hot path: every new slab is fresh pages (a page fault per
 * 4 KiB, measured at ~130 faults per MiB sent against ~14 for Node's tls,
 * which reuses its buffers), and every dead one is garbage-collected
 * external memory. Here a slab goes back to a free list when all of its
 * records have been released, and the next records are carved from it.
 *
 * Safety rests on one rule: a record is released (`releaseOutput`) only
 * by whoever knows its bytes are no longer needed (TLSConnection, in the
 * write callback of a real socket, after the kernel has copied them; the
 * record layer, after copying records into one buffer). A record that is
 * never released is simply never reused, and the garbage collector frees
 * its slab as before. A reused slab holds only records already sent
 * (ciphertext, or handshake messages sent in the clear): every protection
 * state writes each byte of the records it seals.
 *
 * @module
 */

/** Below glibc's default mmap threshold (128 KiB), and five maximal AEAD records. */
const SLAB_SIZE = 96 * 1024;
/** Free slabs kept for reuse (3 MiB); more are left to the garbage collector. */
const MAX_FREE = 32;

interface Slab {
  readonly buffer: ArrayBuffer;
  /** Records carved out of this slab and not yet released. */
  outstanding: number;
}

/** The slab behind each record handed out (weak: unreleased records cost nothing here). */
const slabOf = new WeakMap<ArrayBuffer, Slab>();
const free: Slab[] = [];
let current: Slab | null = null;
let offset = 0;

function newSlab(): Slab {
  // Uninitialised memory is fine: see the module comment.
  const slab: Slab = { buffer: Buffer.allocUnsafeSlow(SLAB_SIZE).buffer as ArrayBuffer, outstanding: 0 };
  slabOf.set(slab.buffer, slab);
  return slab;
}

/**
 * `length` bytes for one outgoing record. The contents are undefined: the
 * caller writes every byte.
 */
export function allocateOutput(length: number): Uint8Array {
  if (length > SLAB_SIZE / 4) return new Uint8Array(length); // a maximal record (2^14 + 2048 + 5) still fits
  if (current === null || offset + length > SLAB_SIZE) {
    const retired = current;
    current = free.pop() ?? newSlab();
    offset = 0;
    if (retired !== null && retired.outstanding === 0) recycle(retired);
  }
  const view = new Uint8Array(current.buffer, offset, length);
  current.outstanding++;
  offset += (length + 7) & ~7; // keep views 8-byte aligned
  return view;
}

/**
 * Hands back a record from `allocateOutput` whose bytes nobody needs any
 * more. Anything else (a record never from the pool, a copy) is ignored.
 * Must be called at most once per record.
 */
export function releaseOutput(record: Uint8Array): void {
  const slab = slabOf.get(record.buffer as ArrayBuffer);
  if (slab === undefined || slab.outstanding === 0) return;
  slab.outstanding--;
  if (slab.outstanding === 0 && slab !== current) recycle(slab);
}

function recycle(slab: Slab): void {
  if (free.length < MAX_FREE) free.push(slab);
}
