/**
 * The output pool: a slab is reused only after every record carved from it
 * has been released; unreleased records are never handed out again; large
 * records and foreign buffers stay out of the pool. And over a real socket
 * (the one place records are released), a writer that never yields still
 * delivers every byte intact.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { allocateOutput, releaseOutput } from '../../src/record/index.js';
import { ourClient, ourServer } from '../interop/ours.js';

/** Allocates records until one lands in a new slab; returns those of the old slab and the first of the new. */
function fillSlab(length: number): { filled: Uint8Array[]; next: Uint8Array } {
  const first = allocateOutput(length);
  const filled = [first];
  for (;;) {
    const r = allocateOutput(length);
    if (r.buffer !== first.buffer) return { filled, next: r };
    filled.push(r);
  }
}

t.test('a slab comes back only when all its records are released', async (t) => {
  const size = 16 * 1024 + 29;
  // Start from a fresh slab so the counts below are exact.
  const { next: start } = fillSlab(size);
  releaseOutput(start);
  const a = fillSlab(size);
  t.ok(a.filled.length >= 2, 'several records share a slab');
  const slabA = a.filled[0]!.buffer;
  // All but one released: slab A must not be reused.
  for (const r of a.filled.slice(1)) releaseOutput(r);
  const b = fillSlab(size);
  t.not(b.next.buffer, slabA, 'a slab with a record outstanding is not reused');
  for (const r of b.filled) t.not(r.buffer, slabA);
  // The last one released: now it is.
  releaseOutput(a.filled[0]!);
  releaseOutput(b.next);
  for (const r of b.filled) releaseOutput(r);
  const seen = new Set<ArrayBufferLike>();
  for (let i = 0; i < 64; i++) {
    const r = allocateOutput(size);
    seen.add(r.buffer);
    releaseOutput(r);
  }
  t.ok(seen.has(slabA), 'the released slab is carved again');
});

t.test('releasing twice, or a foreign buffer, cannot free a slab early', async (t) => {
  const size = 20000;
  const { filled } = fillSlab(size);
  t.ok(filled.length >= 2);
  const [x, y] = filled as [Uint8Array, Uint8Array];
  releaseOutput(x);
  releaseOutput(new Uint8Array(size)); // never from the pool
  releaseOutput(Buffer.from(x)); // a copy
  y.fill(0xaa);
  // Until y is released, no allocation may return memory overlapping it.
  for (let i = 0; i < 64; i++) {
    const r = allocateOutput(size);
    r.fill(0x55);
    releaseOutput(r);
  }
  t.ok(y.every((v) => v === 0xaa), 'an outstanding record is never overwritten');
  for (const r of filled.slice(1)) releaseOutput(r);
});

t.test('records larger than a quarter slab are plain allocations', async (t) => {
  const big = allocateOutput(40 * 1024);
  t.equal(big.byteOffset, 0);
  t.equal(big.buffer.byteLength, 40 * 1024);
  releaseOutput(big); // ignored
});

t.test('over a real socket, where records are recycled, 16 MiB from a writer that never yields comes back intact', async (t) => {
  for (const provider of ['native', 'pure'] as const) {
    const server = await ourServer(provider); // echoes
    t.teardown(() => server.close());
    const conn = await ourClient(server.port, provider);
    const total = provider === 'pure' ? 4 << 20 : 16 << 20;
    const want = createHash('sha256');
    const got = createHash('sha256');
    let received = 0;
    let sent = 0;
    const back = new Promise<void>((resolve, reject) => {
      conn.on('error', reject);
      conn.on('data', (d: Buffer) => {
        got.update(d);
        received += d.length;
        if (received >= sent && sent >= total) resolve();
      });
    });
    // Distinct content per write, so a slab reused too early shows up.
    for (let i = 0; sent < total; i++) {
      const chunk = Buffer.alloc(16384 + (i % 7) * 13, i & 0xff);
      want.update(chunk);
      sent += chunk.length;
      conn.write(chunk); // the loop never yields
    }
    await back;
    t.equal(received, sent, `${provider}: every byte back`);
    t.equal(got.digest('hex'), want.digest('hex'), `${provider}: and intact`);
    conn.destroy();
  }
});
