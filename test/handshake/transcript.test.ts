/**
 * HandshakeTranscript: messages kept until the suite is known, then
 * hashed with MD5+SHA-1 (up to TLS 1.1) or the PRF hash (TLS 1.2);
 * every digest checked against node:crypto over the concatenation.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { HandshakeTranscript } from '../../src/handshake/transcript.js';
import { toHex } from '../../src/crypto/bytes.js';
import { providers, randomBytes } from './helpers.js';

const nodeHash = (name: string, ...parts: Uint8Array[]) => {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return toHex(h.digest());
};

for (const { label, provider } of providers()) {
  t.test(`${label}: digests equal node:crypto over the messages, before and after select()`, async (t) => {
    const msgs = [0, 1, 15, 16, 17, 300, 16385].map((n) => randomBytes(n));
    for (const [version, prfHash, finishedHash] of [
      [0x0300, 'sha256', 'md5sha1'],
      [0x0301, 'sha256', 'md5sha1'],
      [0x0302, 'sha384', 'md5sha1'],
      [0x0303, 'sha256', 'sha256'],
      [0x0303, 'sha384', 'sha384'],
    ] as const) {
      const tr = new HandshakeTranscript(provider);
      t.equal(tr.selected, false);
      t.throws(() => tr.handshakeHash(), RangeError, 'no handshake hash before select');
      tr.update(msgs[0]!).update(msgs[1]!).update(msgs[2]!);
      t.same(tr.digest('sha1'), tr.digest('sha1'), 'stable');
      t.equal(toHex(tr.digest('sha512')), nodeHash('sha512', ...msgs.slice(0, 3)), 'any hash over the buffer');
      tr.select(version, prfHash);
      t.equal(tr.version, version);
      t.throws(() => tr.select(version, prfHash), RangeError, 'select once');
      for (const m of msgs.slice(3)) tr.update(m);
      const want =
        finishedHash === 'md5sha1' ? nodeHash('md5', ...msgs) + nodeHash('sha1', ...msgs) : nodeHash(finishedHash, ...msgs);
      t.equal(toHex(tr.handshakeHash()), want, `handshake hash ${version.toString(16)} ${prfHash}`);
      t.equal(toHex(tr.handshakeHash()), want, 'asking twice gives the same (copies, not the running state)');
      for (const h of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const) {
        t.equal(toHex(tr.digest(h)), nodeHash(h, ...msgs), `digest ${h}`);
      }
      t.equal(toHex(tr.messages()), toHex(Buffer.concat(msgs)), 'messages() concatenates');
      const state = tr.hashState('md5').update(new Uint8Array([1, 2]));
      t.equal(toHex(state.digest()), nodeHash('md5', ...msgs, new Uint8Array([1, 2])), 'hashState extends a copy');
      t.equal(toHex(tr.digest('md5')), nodeHash('md5', ...msgs), 'the transcript is unaffected');
    }
  });

  t.test(`${label}: copies are independent, and updates copy their input`, async (t) => {
    const tr = new HandshakeTranscript(provider);
    const buf = new Uint8Array([1, 2, 3]);
    tr.update(buf);
    buf[0] = 9;
    tr.select(0x0303, 'sha256');
    const copy = tr.copy();
    copy.update(new Uint8Array([4]));
    t.equal(toHex(tr.handshakeHash()), nodeHash('sha256', new Uint8Array([1, 2, 3])));
    t.equal(toHex(copy.handshakeHash()), nodeHash('sha256', new Uint8Array([1, 2, 3, 4])));
    t.equal(copy.version, 0x0303);
  });
}

t.test('misuse', async (t) => {
  const tr = new HandshakeTranscript(providers()[0]!.provider);
  t.throws(() => tr.select(0x0304), RangeError, 'TLS 1.3 is not this transcript');
  t.throws(() => tr.select(0x0200), RangeError);
  t.throws(() => tr.select(0x0303, 'sha1' as never), RangeError);
  t.throws(() => tr.update('abc' as never), TypeError);
  t.throws(() => tr.digest('sha3' as never), RangeError);
});
