/**
 * TLS 1.3 early data (0-RTT, RFC 8446 2.3, 4.2.10, 4.5) between two
 * engines in memory, on both providers: accepted (delivered apart from
 * ordinary data, EndOfEarlyData, key log), rejected and skipped (by the
 * server's choice, by its callback, by a HelloRetryRequest with or
 * without a cookie, by another ALPN protocol, by an unknown ticket), too
 * much skipped data
 * (unexpected_message), accepted early data over the ticket's limit
 * (unexpected_message), a ticket that does not allow early data (the
 * client sends none), a missing EndOfEarlyData (bad_record_mac), and
 * EndOfEarlyData out of place or another message in its place
 * (unexpected_message), forged with the secrets of the key log.
 */
import t, { type Test } from 'tap';
import { AlertDescription, ContentType, ExtensionType } from '../../src/constants.js';
import { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { ClientHello } from '../../src/messages/client-hello.js';
import { Parser } from '../../src/codec/parser.js';
import { CipherSuite } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { fromHex } from '../../src/crypto/bytes.js';
import { trafficState } from '../../src/handshake/tls13-shared.js';
import { EndOfEarlyData } from '../../src/messages/end-of-early-data.js';
import { Finished } from '../../src/messages/finished.js';
import { HandshakeMessage } from '../../src/messages/handshake-message.js';
import { suiteInfo } from '../../src/suites.js';
import type { EarlyDataRequest } from '../../src/handshake/options.js';
import type { Ticket13 } from '../../src/handshake/tls13-shared.js';
import type { Session } from '../../src/session/session.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, joined, pair, settle, type Side } from './engine-pair.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (chunks: readonly Uint8Array[]) => new TextDecoder().decode(joined(chunks));
const s = (init: HandshakeSettingsInit = {}) => new HandshakeSettings(init);
const ok = { client: undefined, server: undefined };
const ticketKeys = [new Uint8Array(32).fill(7)];

/** The records of one output chunk. */
function recordsOf(chunk: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 5 <= chunk.length; ) {
    const length = (chunk[i + 3]! << 8) | chunk[i + 4]!;
    out.push(chunk.subarray(i, i + 5 + length));
    i += 5 + length;
  }
  return out;
}

/** The extension types of the client's first ClientHello. */
function helloExtensions(client: Side): number[] {
  const record = recordsOf(client.wire[0]!)[0]!;
  const body = record.subarray(9);
  return ClientHello.read(new Parser(body), {}).extensions?.types ?? [];
}

/** A TLS_AES_128_GCM_SHA256 record of `type` sealed under the key log's `label` secret, sequence number `seq`. */
function forge(provider: CryptoProvider, keylog: readonly string[], label: string, seq: number, type: number, content: Uint8Array): Uint8Array {
  const line = keylog.find((l) => l.startsWith(`${label} `));
  if (line === undefined) throw new Error(`no ${label} in the key log`);
  const state = trafficState(provider, suiteInfo(CipherSuite.TLS_AES_128_GCM_SHA256)!, fromHex(line.split(' ')[2]!), 'write');
  state.sequence.value = BigInt(seq);
  return state.seal(type, 0x0303, content);
}

/** Replaces record `index` of `bytes` by `record`. */
function replaceRecord(bytes: Uint8Array, index: number, record: Uint8Array): Uint8Array {
  const records = recordsOf(bytes);
  records[index] = record;
  return joined(records);
}

/** Data both ways after the handshake. */
async function exchange(t: Test, sides: { client: Side; server: Side }, label: string): Promise<void> {
  sides.client.engine.send(text(`ping ${label}`));
  sides.server.engine.send(text(`pong ${label}`));
  await settle();
  t.equal(str(sides.server.received), `ping ${label}`, `${label}: 1-RTT data reaches the server, alone`);
  t.equal(str(sides.client.received), `pong ${label}`, `${label}: server to client`);
}

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);

  /** A session whose tickets come from a server with `serverInit` settings and `accept`. */
  async function ticketSession(serverInit: HandshakeSettingsInit = {}, alpn?: string[], accept: boolean = true): Promise<Session> {
    const first = pair({ provider });
    const r = await handshake(
      first,
      { serverName: 'localhost', ...(alpn && { alpn }) },
      { ...rsa, settings: s({ ticketKeys, ...serverInit }), acceptEarlyData: accept, ...(alpn && { alpn }) },
    );
    if (r.client !== undefined || r.server !== undefined) throw new Error(`first handshake failed: ${String(r.client ?? r.server)}`);
    await settle();
    return first.client.engine.session!;
  }

  t.test(`${name}: early data accepted`, async (t) => {
    const session = await ticketSession({}, ['h2']);
    const tickets = session.tickets as Ticket13[];
    t.ok(tickets.length > 0 && tickets.every((k) => k.maxEarlyData === 2 ** 14 + 16), 'the tickets allow maxEarlyData bytes');
    const sides = pair({ provider });
    const requests: EarlyDataRequest[] = [];
    const r = await handshake(
      sides,
      { session, serverName: 'localhost', alpn: ['h2'], earlyData: text('GET /early') },
      {
        ...rsa,
        settings: s({ ticketKeys }),
        alpn: ['h2'],
        acceptEarlyData: (request) => {
          requests.push(request);
          return true;
        },
      },
    );
    t.same(r, ok);
    t.ok(helloExtensions(sides.client).includes(ExtensionType.early_data), 'the ClientHello carries early_data');
    t.ok(sides.client.engine.resumed && sides.server.engine.resumed, 'resumed');
    t.ok(sides.client.engine.earlyDataAccepted, 'client: accepted');
    t.ok(sides.server.engine.earlyDataAccepted, 'server: accepted');
    t.equal(str(sides.server.early), 'GET /early', 'the server got the early data through its earlyData callback');
    t.equal(requests.length, 1, 'the callback was asked once');
    t.equal(requests[0]!.serverName, 'localhost');
    t.equal(new TextDecoder().decode(requests[0]!.alpn), 'h2');
    t.ok(requests[0]!.session !== undefined, 'with the resumed session');
    await exchange(t, sides, 'accepted');
    // Key log: the early secret first, the same on both sides.
    t.equal(sides.client.keylog[0]!.split(' ')[0], 'CLIENT_EARLY_TRAFFIC_SECRET', 'client logs CLIENT_EARLY_TRAFFIC_SECRET first');
    t.same(sides.server.keylog, sides.client.keylog, 'both sides log the same secrets');
    t.equal(sides.client.keylog.length, 6);

    // The most the ticket allows (maxEarlyData, two records), accepted and delivered whole; or skipped whole.
    const most = Uint8Array.from({ length: 2 ** 14 + 16 }, (_, i) => i & 0xff);
    for (const accept of [true, false]) {
      const big = pair({ provider });
      t.same(await handshake(big, { session, alpn: ['h2'], earlyData: most }, { ...rsa, settings: s({ ticketKeys }), alpn: ['h2'], acceptEarlyData: accept }), ok);
      t.equal(big.server.engine.earlyDataAccepted, accept, `${accept ? 'accepted' : 'skipped'}: maxEarlyData bytes`);
      t.same(joined(big.server.early), accept ? most : new Uint8Array(0), 'delivered whole, or not at all');
      await exchange(t, big, `maxEarlyData bytes, accept ${accept}`);
    }
  });

  t.test(`${name}: early data rejected and skipped`, async (t) => {
    const session = await ticketSession({}, ['h2']);
    const cases: Array<[string, Parameters<typeof handshake>[1], Parameters<typeof handshake>[2], boolean]> = [
      ['the server does not accept', {}, { settings: s({ ticketKeys }), alpn: ['h2'] }, true],
      ['the callback refuses', {}, { settings: s({ ticketKeys }), alpn: ['h2'], acceptEarlyData: () => false }, true],
      [
        'HelloRetryRequest',
        { settings: s({ keyShares: ['x25519'] }) },
        { settings: s({ ticketKeys, eccCurves: ['secp384r1'], keyShares: [] }), alpn: ['h2'], acceptEarlyData: true },
        true,
      ],
      ['HelloRetryRequest with a cookie', {}, { settings: s({ ticketKeys }), alpn: ['h2'], acceptEarlyData: true, retryWithCookie: true }, true],
      ['another ALPN protocol', { alpn: ['h2', 'http/1.1'] }, { settings: s({ ticketKeys }), alpn: ['http/1.1'], acceptEarlyData: true }, true],
      ['an unknown ticket', {}, { settings: s({ ticketKeys: [new Uint8Array(32).fill(9)] }), alpn: ['h2'], acceptEarlyData: true }, false],
    ];
    for (const [label, client, server, resumed] of cases) {
      const sides = pair({ provider });
      const r = await handshake(sides, { session, alpn: ['h2'], earlyData: text('early, to be skipped'), ...client }, { ...rsa, ...server });
      t.same(r, ok, `${label}: the handshake succeeds`);
      t.ok(helloExtensions(sides.client).includes(ExtensionType.early_data), `${label}: early data was offered`);
      t.equal(sides.server.engine.resumed, resumed, `${label}: resumed ${resumed}`);
      t.notOk(sides.client.engine.earlyDataAccepted, `${label}: client sees the rejection`);
      t.notOk(sides.server.engine.earlyDataAccepted, `${label}: server did not accept`);
      t.equal(sides.server.early.length, 0, `${label}: no early data delivered`);
      await exchange(t, sides, label);
    }
  });

  t.test(`${name}: more skipped early data than maxEarlyData is unexpected_message`, async (t) => {
    // The ticket allows 100 000 bytes; the server that cannot open it skips at most its own maxEarlyData.
    const session = await ticketSession({ maxEarlyData: 100_000 });
    for (const [label, client, server] of [
      ['trial decryption', s(), s({ ticketKeys: [new Uint8Array(32).fill(9)] })],
      ['after HelloRetryRequest', s({ keyShares: ['x25519'] }), s({ ticketKeys: [new Uint8Array(32).fill(9)], eccCurves: ['secp384r1'], keyShares: [] })],
    ] as const) {
      const small = pair({ provider });
      t.same(await handshake(small, { session, settings: client, earlyData: new Uint8Array(16_000) }, { ...rsa, settings: server }), ok, `${label}: 16 000 bytes are skipped`);
      const sides = pair({ provider });
      const r = await handshake(sides, { session, settings: client, earlyData: new Uint8Array(20_000) }, { ...rsa, settings: server });
      t.ok(r.server instanceof TLSLocalAlert, `${label}: the server fails`);
      t.equal((r.server as TLSLocalAlert).description, AlertDescription.unexpected_message, `${label}: unexpected_message`);
      // The client may have completed its side first (its Finished was sent): then the alert comes after.
      await settle();
      t.ok((r.client ?? sides.client.errors[0]) instanceof TLSRemoteAlert, `${label}: the client hears it`);
    }
    // The same server with a larger maxEarlyData skips them.
    const sides = pair({ provider });
    const r = await handshake(sides, { session, earlyData: new Uint8Array(20_000) }, { ...rsa, settings: s({ ticketKeys: [new Uint8Array(32).fill(9)], maxEarlyData: 30_000 }) });
    t.same(r, ok, 'maxEarlyData 30 000: skipped');
  });

  t.test(`${name}: accepted early data over the ticket's max_early_data_size is unexpected_message`, async (t) => {
    const session = await ticketSession({ maxEarlyData: 100 });
    // A client that ignores the limit: its copy of the ticket claims more.
    const tickets = session.tickets as Ticket13[];
    tickets.splice(0, tickets.length, ...tickets.map((k) => ({ ...k, maxEarlyData: 1000 })));
    const sides = pair({ provider });
    const r = await handshake(sides, { session, earlyData: new Uint8Array(500) }, { ...rsa, settings: s({ ticketKeys, maxEarlyData: 100 }), acceptEarlyData: true });
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.unexpected_message, 'the server stops at the ticket\'s limit');
    t.equal(sides.server.early.length, 0, 'nothing past the limit was delivered');
  });

  t.test(`${name}: a ticket without early data: the client sends none`, async (t) => {
    const session = await ticketSession({}, undefined, false);
    t.ok((session.tickets as Ticket13[]).every((k) => k.maxEarlyData === 0), 'the tickets do not allow early data');
    const sides = pair({ provider });
    t.same(await handshake(sides, { session, earlyData: text('not sent') }, { ...rsa, settings: s({ ticketKeys }), acceptEarlyData: true }), ok);
    t.notOk(helloExtensions(sides.client).includes(ExtensionType.early_data), 'no early_data in the ClientHello');
    t.equal(recordsOf(sides.client.wire[0]!).length, 1, 'the first flight is the ClientHello alone');
    t.ok(sides.server.engine.resumed, 'resumed all the same');
    t.notOk(sides.client.engine.earlyDataAccepted);
    // Larger than the ticket allows: not sent either.
    const big = await ticketSession({ maxEarlyData: 100 });
    const again = pair({ provider });
    t.same(await handshake(again, { session: big, earlyData: new Uint8Array(101) }, { ...rsa, settings: s({ ticketKeys }), acceptEarlyData: true }), ok);
    t.notOk(helloExtensions(again.client).includes(ExtensionType.early_data), 'more than max_early_data_size: not offered');
    t.notOk(again.client.engine.earlyDataAccepted);
  });

  t.test(`${name}: a missing EndOfEarlyData is bad_record_mac`, async (t) => {
    const session = await ticketSession();
    let chunks = 0;
    const sides = pair({
      provider,
      toServer: (bytes) => {
        // The client's second output is its second flight: EndOfEarlyData, then Finished. Drop the first record.
        if (chunks === 0) t.same(recordsOf(bytes).map((r) => r[0]), [22, 20, 23], 'first flight: ClientHello, ChangeCipherSpec, early data');
        if (++chunks !== 2) return bytes;
        const records = recordsOf(bytes);
        t.equal(records.length, 2, 'EndOfEarlyData and Finished, in two records');
        t.equal(records[0]![0], ContentType.application_data);
        return bytes.slice(records[0]!.length);
      },
    });
    const r = await handshake(sides, { session, earlyData: text('early') }, { ...rsa, settings: s({ ticketKeys }), acceptEarlyData: true });
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.bad_record_mac, 'the Finished under handshake keys does not open with the early keys');
  });

  t.test(`${name}: EndOfEarlyData out of place, or another message in its place, is unexpected_message`, async (t) => {
    const only128 = s({ cipherNames: ['aes128gcm'] });
    const server = (accept: boolean) => ({ ...rsa, settings: s({ ticketKeys, cipherNames: ['aes128gcm'] }), acceptEarlyData: accept });
    const first = pair({ provider });
    t.same(await handshake(first, { settings: only128 }, server(true)), ok);
    await settle();
    const session = first.client.engine.session!;
    const eoed = HandshakeMessage.of(new EndOfEarlyData()).bytes;
    const finished = HandshakeMessage.of(new Finished(new Uint8Array(32))).bytes;

    // Accepted: a Finished under the early keys where EndOfEarlyData belongs (sequence 1, after one data record).
    let chunks = 0;
    let sides: { client: Side; server: Side } = pair({
      provider,
      toServer: (bytes) => (++chunks === 2 ? replaceRecord(bytes, 0, forge(provider, sides.client.keylog, 'CLIENT_EARLY_TRAFFIC_SECRET', 1, ContentType.handshake, finished)) : bytes),
    });
    let r = await handshake(sides, { settings: only128, session, earlyData: text('early') }, server(true));
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.unexpected_message, 'Finished instead of EndOfEarlyData');

    // Rejected: EndOfEarlyData (under the handshake keys) where the client's Finished belongs.
    chunks = 0;
    sides = pair({
      provider,
      toServer: (bytes) => (++chunks === 2 ? replaceRecord(bytes, 0, forge(provider, sides.client.keylog, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', 0, ContentType.handshake, eoed)) : bytes),
    });
    r = await handshake(sides, { settings: only128, session, earlyData: text('early') }, server(false));
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.unexpected_message, 'EndOfEarlyData when early data was rejected');

    // A client receiving EndOfEarlyData (servers never send it, RFC 8446 4.5).
    sides = pair({
      provider,
      toClient: (bytes) => {
        const records = recordsOf(bytes);
        const at = records.findIndex((rec) => rec[0] === ContentType.application_data);
        return at < 0 ? bytes : replaceRecord(bytes, at, forge(provider, sides.server.keylog, 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 0, ContentType.handshake, eoed));
      },
    });
    r = await handshake(sides, { settings: only128 }, server(false));
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.unexpected_message, 'a client refuses EndOfEarlyData');
  });

  t.test(`${name}: earlyData must be a Uint8Array`, async (t) => {
    const session = await ticketSession();
    const sides = pair({ provider });
    const r = await handshake(sides, { session, earlyData: 'text' as unknown as Uint8Array }, { ...rsa, settings: s({ ticketKeys }) });
    t.ok(r.client instanceof TypeError, 'TypeError');
    t.match((r.client as Error).message, /earlyData/);
  });
}
