/**
 * Skipping rejected TLS 1.3 early data in the record layer (RFC 8446
 * 4.2.10): trial decryption with the handshake keys (sequence numbers
 * given back, the first record that opens ends the skipping), skipping
 * application_data records after a HelloRetryRequest until the second
 * ClientHello, and the limit (unexpected_message, RFC 8446 4.6.1).
 */
import t from 'tap';
import { RecordLayer, createProtection, type CipherSpec, type RecordEvent } from '../../src/record/index.js';
import { rand, recordProviders } from './helpers.js';

const TLS13 = 0x0304;
const spec: CipherSpec = { type: 'aead', cipher: 'aes128gcm' };
const hs = (type: number, body: Uint8Array) => new Uint8Array([type, 0, body.length >> 8, body.length & 0xff, ...body]);

function drain(layer: RecordLayer): RecordEvent[] {
  const out: RecordEvent[] = [];
  for (let e = layer.next(); e !== null; e = layer.next()) out.push(e);
  return out;
}

for (const { label, provider } of recordProviders()) {
  const keys = () => ({ macKey: new Uint8Array(0), key: rand(16), iv: rand(12) });
  const early = keys();
  const handshake = keys();

  /** A client's bytes: `earlyRecords` records of 1000 bytes under the early keys, then a handshake message and data under the handshake keys. */
  function clientFlight(earlyRecords: number): Uint8Array {
    const c = new RecordLayer({ provider, version: TLS13 });
    c.setWriteState(createProtection(provider, TLS13, spec, early, 'write'));
    for (let i = 0; i < earlyRecords; i++) c.sendApplicationData(rand(1000));
    c.setWriteState(createProtection(provider, TLS13, spec, handshake, 'write'));
    c.sendHandshake(hs(20, rand(32)));
    c.sendApplicationData(rand(10));
    return new Uint8Array(Buffer.concat(c.takeOutput()));
  }

  t.test(`${label}: trial decryption skips the early records, then reads on`, async (t) => {
    const s = new RecordLayer({ provider, version: TLS13 });
    s.setReadState(createProtection(provider, TLS13, spec, handshake, 'read'));
    s.skipEarlyData('undecryptable', 5000);
    s.push(clientFlight(5));
    const events = drain(s);
    // Had a skipped record used up a sequence number, the Finished would not open.
    t.same(events.map((e) => e.type), ['handshake', 'application_data'], 'the early records are gone; the flight is read');
    t.equal(s.readState.sequence.value, 2n, 'two sequence numbers used');
  });

  t.test(`${label}: trial decryption over the limit is unexpected_message`, async (t) => {
    const s = new RecordLayer({ provider, version: TLS13 });
    s.setReadState(createProtection(provider, TLS13, spec, handshake, 'read'));
    s.skipEarlyData('undecryptable', 4999);
    s.push(clientFlight(5));
    t.throws(() => drain(s), { name: 'TLSUnexpectedMessage' });
  });

  t.test(`${label}: once a record opened, an undecryptable one is bad_record_mac again`, async (t) => {
    const s = new RecordLayer({ provider, version: TLS13 });
    s.setReadState(createProtection(provider, TLS13, spec, handshake, 'read'));
    s.skipEarlyData('undecryptable', 5000);
    s.push(clientFlight(1));
    t.equal(drain(s).length, 2);
    const late = new RecordLayer({ provider, version: TLS13 });
    late.setWriteState(createProtection(provider, TLS13, spec, early, 'write'));
    late.sendApplicationData(rand(10));
    s.push(new Uint8Array(Buffer.concat(late.takeOutput())));
    t.throws(() => s.next(), { name: 'TLSBadRecordMAC' });
  });

  t.test(`${label}: after a HelloRetryRequest, application_data records are skipped until the second ClientHello`, async (t) => {
    const c = new RecordLayer({ provider, version: TLS13 });
    c.sendChangeCipherSpec(); // compatibility CCS, between the ClientHello and the early data
    c.setWriteState(createProtection(provider, TLS13, spec, early, 'write'));
    c.sendApplicationData(rand(3000));
    c.setWriteState(createProtection(provider, TLS13, { type: 'null' }, early, 'write'));
    c.sendHandshake(hs(1, rand(100))); // the second ClientHello, in the clear
    const bytes = new Uint8Array(Buffer.concat(c.takeOutput()));
    const s = new RecordLayer({ provider, version: TLS13 });
    s.skipEarlyData('application_data', 3000);
    s.push(bytes.slice());
    t.same(drain(s).map((e) => e.type), ['change_cipher_spec', 'handshake'], 'the early data is gone');
    const tight = new RecordLayer({ provider, version: TLS13 });
    tight.skipEarlyData('application_data', 2999);
    tight.push(bytes.slice());
    t.throws(() => drain(tight), { name: 'TLSUnexpectedMessage' }, 'over the limit');
  });

  t.test(`${label}: the limit must be a non-negative integer`, async (t) => {
    const s = new RecordLayer({ provider, version: TLS13 });
    t.throws(() => s.skipEarlyData('undecryptable', -1), RangeError);
  });
}
