/**
 * RFC 8448 section 3 (the simple 1-RTT handshake) as a known-answer test
 * of the TLS 1.3 key schedule, transcript, Finished, traffic keys, the
 * record protection and the message codecs: every published secret, key
 * and IV is recomputed from the RFC's private keys and messages, and every
 * protected record is both opened and re-sealed byte for byte, on every
 * provider.
 */
import t from 'tap';
import { ContentType, ProtocolVersion } from '../../src/constants.js';
import { concatBytes, toHex } from '../../src/crypto/bytes.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { TLSDecryptError } from '../../src/errors.js';
import {
  checkFinished13,
  finishedVerifyData13,
  KeySchedule13,
  ticketPsk,
  trafficKeys,
} from '../../src/handshake/key-schedule13.js';
import { Transcript13 } from '../../src/handshake/transcript13.js';
import { HandshakeMessage } from '../../src/messages/handshake-message.js';
import { NewSessionTicket } from '../../src/messages/new-session-ticket.js';
import { RecordLayer } from '../../src/record/record-layer.js';
import { createProtection } from '../../src/record/protection/index.js';
import type { RecordEvent } from '../../src/record/types.js';
import { RFC8448 as V } from '../vectors/rfc8448-simple.js';
import { providers } from './helpers.js';

const TLS13 = ProtocolVersion.TLS1_3;
const hex = toHex;

function state(provider: CryptoProvider, keys: { key: Uint8Array; iv: Uint8Array }, direction: 'read' | 'write') {
  return createProtection(provider, TLS13, { type: 'aead', cipher: 'aes128gcm' }, { macKey: new Uint8Array(0), ...keys }, direction);
}

/** A TLS 1.3 record layer reading with `keys`. */
function reader(provider: CryptoProvider, keys: { key: Uint8Array; iv: Uint8Array }): RecordLayer {
  const layer = new RecordLayer({ provider, version: TLS13 });
  layer.setReadState(state(provider, keys, 'read'));
  return layer;
}

function writer(provider: CryptoProvider, keys: { key: Uint8Array; iv: Uint8Array }): RecordLayer {
  const layer = new RecordLayer({ provider, version: TLS13 });
  layer.setWriteState(state(provider, keys, 'write'));
  return layer;
}

/** The handshake messages of a flight, split at their headers. */
function splitMessages(flight: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < flight.length; ) {
    const length = (flight[i + 1]! << 16) | (flight[i + 2]! << 8) | flight[i + 3]!;
    out.push(flight.subarray(i, i + 4 + length));
    i += 4 + length;
  }
  return out;
}

const ctx = { version: TLS13, hashLength: 32 };

for (const { label, provider } of providers()) {
  t.test(`${label}: X25519 key shares and shared secret`, async (t) => {
    const client = provider.ecdh.x25519.fromPrivate(V.clientPrivate);
    const server = provider.ecdh.x25519.fromPrivate(V.serverPrivate);
    t.equal(hex(client.publicKey), hex(V.clientPublic));
    t.equal(hex(server.publicKey), hex(V.serverPublic));
    t.equal(hex(client.computeSecret(V.serverPublic)), hex(V.sharedSecret));
    t.equal(hex(server.computeSecret(V.clientPublic)), hex(V.sharedSecret));
  });

  t.test(`${label}: key schedule, Finished and traffic keys`, async (t) => {
    const ks = new KeySchedule13(provider, 'sha256');
    t.equal(hex(ks.earlySecret), hex(V.earlySecret), 'early secret');
    const transcript = new Transcript13(provider);
    transcript.update(V.clientHello).update(V.serverHello);
    transcript.select('sha256');
    t.equal(hex(transcript.digest()), hex(V.helloHash), 'Transcript-Hash(ClientHello, ServerHello)');
    t.equal(hex(ks.deriveHandshakeSecret(V.sharedSecret)), hex(V.handshakeSecret), 'handshake secret');
    const hs = ks.handshakeTrafficSecrets(transcript.digest());
    t.equal(hex(hs.client), hex(V.clientHandshakeTraffic), 'client_handshake_traffic_secret');
    t.equal(hex(hs.server), hex(V.serverHandshakeTraffic), 'server_handshake_traffic_secret');
    const sk = trafficKeys(provider, 'sha256', hs.server, 16);
    const ck = trafficKeys(provider, 'sha256', hs.client, 16);
    t.equal(hex(sk.key), hex(V.serverHandshakeKey));
    t.equal(hex(sk.iv), hex(V.serverHandshakeIv));
    t.equal(hex(ck.key), hex(V.clientHandshakeKey));
    t.equal(hex(ck.iv), hex(V.clientHandshakeIv));

    const [ee, cert, cv, fin] = splitMessages(V.serverFlight);
    transcript.update(ee!).update(cert!).update(cv!);
    const serverVerify = finishedVerifyData13(provider, 'sha256', hs.server, transcript.digest());
    t.equal(hex(serverVerify), hex(V.serverVerifyData), 'server Finished');
    t.equal(hex(fin!.subarray(4)), hex(V.serverVerifyData), 'the server Finished message carries it');
    transcript.update(fin!);

    t.equal(hex(ks.deriveMasterSecret()), hex(V.masterSecret), 'master secret');
    const app = ks.applicationSecrets(transcript.digest());
    t.equal(hex(app.client), hex(V.clientApplicationTraffic), 'client_application_traffic_secret_0');
    t.equal(hex(app.server), hex(V.serverApplicationTraffic), 'server_application_traffic_secret_0');
    t.equal(hex(app.exporter), hex(V.exporterMaster), 'exporter_master_secret');
    const sa = trafficKeys(provider, 'sha256', app.server, 16);
    const ca = trafficKeys(provider, 'sha256', app.client, 16);
    t.equal(hex(sa.key), hex(V.serverApplicationKey));
    t.equal(hex(sa.iv), hex(V.serverApplicationIv));
    t.equal(hex(ca.key), hex(V.clientApplicationKey));
    t.equal(hex(ca.iv), hex(V.clientApplicationIv));

    const clientVerify = finishedVerifyData13(provider, 'sha256', hs.client, transcript.digest());
    t.equal(hex(clientVerify), hex(V.clientVerifyData), 'client Finished');
    checkFinished13(V.clientVerifyData, clientVerify);
    const wrong = clientVerify.slice();
    wrong[0]! ^= 1;
    t.throws(() => checkFinished13(V.clientVerifyData, wrong), TLSDecryptError, 'a changed Finished is decrypt_error');
    transcript.update(V.clientFinished);

    const rms = ks.resumptionMasterSecret(transcript.digest());
    t.equal(hex(rms), hex(V.resumptionMaster), 'resumption_master_secret');
    const nst = HandshakeMessage.parse(V.newSessionTicket, ctx).body as NewSessionTicket;
    t.equal(hex(ticketPsk(provider, 'sha256', rms, nst.tls13!.ticketNonce)), hex(V.ticketPsk), 'the ticket PSK (RFC 8448 section 4 resumes with it)');
    t.equal(hex(new KeySchedule13(provider, 'sha256', V.ticketPsk).earlySecret), '9b2188e9b2fc6d64d71dc329900e20bb41915000f678aa839cbb797cb7d8332c', 'early secret of the resumption (RFC 8448 section 4)');
  });

  t.test(`${label}: protected records open and re-seal byte for byte`, async (t) => {
    const sk = { key: V.serverHandshakeKey, iv: V.serverHandshakeIv };
    const ck = { key: V.clientHandshakeKey, iv: V.clientHandshakeIv };
    const sa = { key: V.serverApplicationKey, iv: V.serverApplicationIv };
    const ca = { key: V.clientApplicationKey, iv: V.clientApplicationIv };

    // The server's encrypted flight: one record, four messages.
    const r = reader(provider, sk);
    const events = r.receive(V.recordServerFlight.slice()) as Array<RecordEvent & { type: 'handshake' }>;
    t.same(events.map((e) => e.msgType), [8, 11, 15, 20], 'EncryptedExtensions, Certificate, CertificateVerify, Finished');
    t.equal(hex(concatBytes(...events.map((e) => e.raw))), hex(V.serverFlight));
    const w = writer(provider, sk);
    w.sendHandshake(V.serverFlight);
    t.equal(hex(w.takeOutputBytes()), hex(V.recordServerFlight), 'sealed again: identical record');

    const cr = reader(provider, ck);
    const fin = cr.receive(V.recordClientFinished.slice()) as Array<RecordEvent & { type: 'handshake' }>;
    t.equal(hex(fin[0]!.raw), hex(V.clientFinished));
    const cw = writer(provider, ck);
    cw.sendHandshake(V.clientFinished);
    t.equal(hex(cw.takeOutputBytes()), hex(V.recordClientFinished));

    // Under the application keys: the ticket, then data and close_notify.
    const sw = writer(provider, sa);
    sw.sendHandshake(V.newSessionTicket);
    t.equal(hex(sw.takeOutputBytes()), hex(V.recordTicket), 'NewSessionTicket record');
    sw.sendApplicationData(V.appData);
    t.equal(hex(sw.takeOutputBytes()), hex(V.recordServerData), 'server application data record');
    sw.sendAlert(1, 0);
    t.equal(hex(sw.takeOutputBytes()), hex(V.recordServerAlert), 'server close_notify record');

    const cw2 = writer(provider, ca);
    cw2.sendApplicationData(V.appData);
    t.equal(hex(cw2.takeOutputBytes()), hex(V.recordClientData), 'client application data record');
    cw2.sendAlert(1, 0);
    t.equal(hex(cw2.takeOutputBytes()), hex(V.recordClientAlert), 'client close_notify record');

    const sr = reader(provider, sa);
    const got = sr.receive(concatBytes(V.recordTicket, V.recordServerData, V.recordServerAlert));
    t.equal(got.length, 3);
    t.equal(got[0]!.type, 'handshake');
    t.equal(got[1]!.type === 'application_data' && hex(got[1].data), hex(V.appData));
    t.same(got[2], { type: 'alert', level: 1, description: 0 });

    // A flipped bit anywhere in a record is bad_record_mac.
    const bad = V.recordClientData.slice();
    bad[20]! ^= 0x80;
    t.throws(() => reader(provider, ca).receive(bad), { name: 'TLSBadRecordMAC' });
  });
}

t.test('messages parse and re-encode byte for byte', async (t) => {
  for (const bytes of [V.clientHello, V.serverHello, ...splitMessages(V.serverFlight), V.clientFinished, V.newSessionTicket]) {
    const parsed = HandshakeMessage.parse(bytes, ctx);
    t.equal(hex(HandshakeMessage.of(parsed.body).bytes), hex(bytes), parsed.body.constructor.name);
  }
  const nst = HandshakeMessage.parse(V.newSessionTicket, ctx).body as NewSessionTicket;
  t.equal(nst.lifetime, 30, 'ticket_lifetime');
  t.equal(nst.tls13?.ticketAgeAdd, 0xfad6aac5, 'ticket_age_add');
  t.equal(ContentType.handshake, 22);
});
