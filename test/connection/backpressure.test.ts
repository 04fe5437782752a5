/**
 * Backpressure through TLSConnection over an in-memory transport whose
 * buffers are small and honest (a write is acknowledged only once the
 * other end's reader has room): a writer that outruns its reader is
 * stalled, memory stays bounded on both sides, and nothing is lost once
 * the reader catches up. With real sockets the kernel's buffers hide all
 * of this, so the transport here is a stub.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { credentials, providerLabels, providerOf } from '../interop/ours.js';

const HWM = 16 * 1024;
/** What one 64 KiB application write becomes on the wire: records coalesced into one transport write. */
const ONE_WRITE = 65536 + 4 * 1024;

/** One end of an in-memory pipe; `_write` completes only when the peer's readable side has room. */
class PipeEnd extends Duplex {
  peer!: PipeEnd;
  #held: Array<() => void> = [];
  /** Bytes this end's writer handed over whose write is not yet acknowledged. */
  heldBytes = 0;
  maxHeldBytes = 0;

  constructor() {
    super({ highWaterMark: HWM, allowHalfOpen: true });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.peer.push(chunk)) return callback();
    // The peer's reader is full: acknowledge this write when it reads.
    this.heldBytes += chunk.length;
    this.maxHeldBytes = Math.max(this.maxHeldBytes, this.heldBytes);
    this.#held.push(() => {
      this.heldBytes -= chunk.length;
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.push(null);
    callback();
  }

  override _read(): void {
    for (const release of this.peer.#held.splice(0)) release();
  }
}

function pipePair(): [PipeEnd, PipeEnd] {
  const a = new PipeEnd();
  const b = new PipeEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** Deterministic test data in 64 KiB chunks. */
function* chunks(total: number): Generator<Buffer> {
  for (let i = 0; i * 65536 < total; i++) {
    const chunk = Buffer.alloc(Math.min(65536, total - i * 65536), i & 0xff);
    chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

for (const provider of providerLabels()) {
  t.test(`${provider}: a writer outrunning its reader stalls, memory stays bounded, nothing is lost`, async (t) => {
    const [clientEnd, serverEnd] = pipePair();
    const client = new TLSConnection(clientEnd, { provider: providerOf(provider), highWaterMark: HWM });
    const server = new TLSConnection(serverEnd, { provider: providerOf(provider), highWaterMark: HWM });
    await Promise.all([server.handshakeServer({ ...credentials('server-rsa') }), client.handshakeClientCert()]);

    const TOTAL = 8 * 1024 * 1024;
    let written = 0;
    const source = Readable.from(
      (function* () {
        for (const c of chunks(TOTAL)) {
          written += c.length;
          yield c;
        }
      })(),
    );
    const sending = pipeline(source, client);
    sending.catch(() => {});

    // Nobody reads the server yet: the writer must stall well short of 8 MiB.
    await new Promise((r) => setTimeout(r, 300));
    t.ok(written < 1024 * 1024, `the writer stalled after ${written} bytes`);
    t.ok(server.readableLength <= HWM + ONE_WRITE, `server's readable buffer bounded (${server.readableLength})`);
    t.ok(serverEnd.readableLength <= HWM + ONE_WRITE, `server transport's buffer bounded (${serverEnd.readableLength})`);
    t.ok(client.writableLength <= HWM + ONE_WRITE, `client's writable buffer bounded (${client.writableLength})`);
    t.ok(clientEnd.maxHeldBytes <= HWM + ONE_WRITE, `unacknowledged transport bytes bounded (${clientEnd.maxHeldBytes})`);

    // Now read everything, slowly at first, and compare.
    const expected = createHash('sha256');
    for (const c of chunks(TOTAL)) expected.update(c);
    const got = createHash('sha256');
    let received = 0;
    for await (const chunk of server) {
      got.update(chunk as Buffer);
      received += (chunk as Buffer).length;
      if (received < 256 * 1024) await new Promise((r) => setImmediate(r));
      if (received >= TOTAL) break;
    }
    await sending;
    t.equal(received, TOTAL, 'every byte arrived');
    t.equal(got.digest('hex'), expected.digest('hex'), 'in order, unchanged');
    client.destroy();
    server.destroy();
  });
}
