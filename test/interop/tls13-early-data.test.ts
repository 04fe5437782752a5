/**
 * TLS 1.3 early data (0-RTT) with real peers on 127.0.0.1, with the
 * native and the pure provider:
 * - `openssl s_client -sess_out`, then `-sess_in -early_data FILE`
 *   against our server: accepted (the server gets the file as early
 *   data), refused by the application (skipped by trial decryption),
 *   with a ticket the server cannot open (full handshake, skipped), and
 *   after a HelloRetryRequest (skipped up to the second ClientHello); in
 *   every case the 1-RTT data that follows is echoed;
 * - our client sending early data to `openssl s_server -early_data`,
 *   which prints what it received, and its anti-replay refusal of a
 *   ticket used twice;
 * - connect() to createServer(), ours on both sides: the 'earlyData'
 *   event and `earlyData` property, and a rejected client resending;
 * - GnuTLS both ways (`gnutls-serv --earlydata`, `gnutls-cli --resume
 *   --earlydata=FILE`).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { connect } from '../../src/connection/connect.js';
import net from 'node:net';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { gnutlsClient, gnutlsServer, opensslClient, opensslServer, skipUnless, usePeers, type PeerProcess } from './peers.js';
import { credentials, echoThrough, ourClient, ourServer, pingPong, providerLabels, providerOf, settings, type OurServer } from './ours.js';

usePeers(t);
const ticketKeys = [new Uint8Array(32).fill(5)];
const EARLY = 'early data from the peer, 0-RTT\n';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-early-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** s_client: one connection, a line echoed through our server, then exit. */
async function sClient(server: OurServer, extra: Record<string, unknown>, args: string[] = []): Promise<PeerProcess> {
  const client = opensslClient({ port: server.port, version: 'tls1_3', ...extra, extra: args });
  await client.waitFor(/Verify return code/);
  client.write('one-rtt line\n');
  await client.waitFor(/one-rtt line\n/);
  client.endInput();
  await client.waitExit();
  return client;
}

for (const provider of providerLabels()) {
  t.test(`openssl s_client -early_data -> our server (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    const dir = tempDir(t);
    const sess = path.join(dir, 'sess.pem');
    const early = path.join(dir, 'early.txt');
    fs.writeFileSync(early, EARLY);
    const issuer = await ourServer(provider, { settings: settings({ ticketKeys }), acceptEarlyData: true });
    t.teardown(() => issuer.close());

    /** A fresh session file from `issuer`, whose tickets allow early data (OpenSSL uses each once). */
    const freshSession = async () => {
      await sClient(issuer, { sessOut: sess });
    };

    t.test('accepted', async (t) => {
      await freshSession();
      const client = await sClient(issuer, { sessIn: sess }, ['-early_data', early]);
      t.match(client.output, /Reused, TLSv1\.3/, 's_client resumed');
      t.match(client.output, /Early data was accepted/, 's_client: accepted');
      const conn = issuer.connections.at(-1)!;
      t.ok(conn.resumed, 'our server resumed');
      t.ok(conn.earlyDataAccepted, 'our server accepted');
      t.equal(conn.earlyData.toString(), EARLY, 'our server got the file as early data');
    });

    const rejecting: Array<[string, Record<string, unknown>, string[], boolean]> = [
      ['refused by the application (trial decryption)', { settings: settings({ ticketKeys }), acceptEarlyData: () => false }, [], true],
      ['a ticket the server cannot open (full handshake)', { settings: settings({ ticketKeys: [new Uint8Array(32).fill(6)] }), acceptEarlyData: true }, [], false],
      [
        'HelloRetryRequest (skipped up to the second ClientHello)',
        { settings: settings({ ticketKeys, eccCurves: ['secp384r1'], keyShares: [] }), acceptEarlyData: true },
        ['-groups', 'X25519:P-384'],
        true,
      ],
    ];
    for (const [label, options, args, resumed] of rejecting) {
      t.test(`rejected: ${label}`, async (t) => {
        const server = await ourServer(provider, options);
        t.teardown(() => server.close());
        await freshSession();
        const client = await sClient(server, { sessIn: sess }, ['-early_data', early, ...args]);
        t.match(client.output, /Early data was rejected/, 's_client: rejected');
        const conn = await server.connection(0);
        t.equal(conn.resumed, resumed, `resumed: ${resumed}`);
        t.notOk(conn.earlyDataAccepted, 'not accepted');
        t.equal(conn.earlyData.length, 0, 'nothing delivered as early data');
        t.same(server.errors, [], 'no handshake error');
      });
    }
  });

  t.test(`our client -> openssl s_server -early_data (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
    const { peer, port } = await opensslServer({ version: 'tls1_3', extra: ['-early_data'] });
    const first = await ourClient(port, provider);
    await pingPong(first, peer, 'first');
    const session = first.session!;
    t.ok((session.tickets as Array<{ maxEarlyData?: number }>).some((k) => (k.maxEarlyData ?? 0) > 0), 's_server tickets allow early data');
    first.close();

    const second = await ourClient(port, provider, { session, earlyData: Buffer.from(EARLY) });
    t.ok(second.resumed, 'resumed');
    t.ok(second.earlyDataAccepted, 'accepted');
    await pingPong(second, peer, 'second');
    // s_server writes the early data it read straight to stdout (its "Early data received:" line is buffered).
    t.match(peer.output, /early data from the peer, 0-RTT/, 's_server printed our early data');
    second.close();

    // s_server's anti-replay: the same ticket (ours again, the newest) carries no early data a second time.
    const third = await ourClient(port, provider, { session, earlyData: Buffer.from('replayed?\n') });
    t.notOk(third.earlyDataAccepted, 'rejected');
    await pingPong(third, peer, 'third');
    t.notMatch(peer.output, /replayed\?/, 's_server did not take the data');
    third.close();
  });

  t.test(`connect({ earlyData }) -> createServer({ acceptEarlyData }) (${provider})`, async (t) => {
    let accept = true;
    const server = await ourServer(provider, { settings: settings({ ticketKeys }), acceptEarlyData: () => accept });
    t.teardown(() => server.close());
    const open = async (options: Record<string, unknown>) => {
      const conn = connect({ host: '127.0.0.1', port: server.port, provider: providerOf(provider), ...options });
      await once(conn, 'secureConnect');
      return conn;
    };
    const first = await open({});
    t.equal((await echoThrough(first, Buffer.from('first\n'))).toString(), 'first\n', 'tickets arrive with the echo');
    const session = first.session!;
    first.destroy();

    const second = await open({ session, earlyData: Buffer.from(EARLY) });
    t.ok(second.earlyDataAccepted, 'client: accepted');
    t.equal((await echoThrough(second, Buffer.from('second\n'))).toString(), 'second\n', 'early data is not echoed: it is not in the stream');
    const conn = await server.connection(1);
    t.ok(conn.earlyDataAccepted, 'server: accepted');
    t.equal(conn.earlyData.toString(), EARLY, 'server: earlyData');
    second.destroy();

    // Refused: the client sees it and sends the request again itself.
    accept = false;
    const third = await open({ session, earlyData: Buffer.from(EARLY) });
    t.notOk(third.earlyDataAccepted, 'client: rejected');
    t.equal((await echoThrough(third, Buffer.from(EARLY))).toString(), EARLY, 'resent as ordinary data, it is echoed');
    const refused = await server.connection(2);
    t.notOk(refused.earlyDataAccepted);
    t.equal(refused.earlyData.length, 0);
    third.destroy();
  });

  t.test(`TLSConnection 'earlyData' events (${provider})`, async (t) => {
    const tcp = net.createServer();
    const events: Buffer[] = [];
    const served: Array<Promise<TLSConnection>> = [];
    const eventsAtHandshake: number[] = [];
    tcp.on('connection', (socket) => {
      const tls = new TLSConnection(socket, { provider: providerOf(provider) });
      tls.on('earlyData', (chunk: Buffer) => events.push(chunk));
      tls.on('error', () => {});
      served.push(
        tls
          .handshakeServer({ ...credentials('server-rsa'), settings: settings({ ticketKeys }), acceptEarlyData: true })
          .then(() => {
            eventsAtHandshake.push(events.length);
            tls.pipe(tls);
            return tls;
          }),
      );
    });
    tcp.listen(0, '127.0.0.1');
    await once(tcp, 'listening');
    t.teardown(() => tcp.close());
    const port = (tcp.address() as net.AddressInfo).port;
    const first = await ourClient(port, provider);
    await echoThrough(first, Buffer.from('first\n'));
    first.destroy();
    const second = await ourClient(port, provider, { session: first.session!, earlyData: Buffer.from(EARLY) });
    t.ok(second.earlyDataAccepted);
    const conn = await served[1]!;
    t.equal(Buffer.concat(events).toString(), EARLY, "the 'earlyData' events carry it");
    t.ok(eventsAtHandshake[1]! > 0, 'before the handshake completed');
    t.equal(conn.earlyData.toString(), EARLY);
    second.destroy();
    for (const p of served) (await p).destroy();
  });

  t.test(`GnuTLS and early data (${provider})`, { skip: skipUnless('gnutls') }, async (t) => {
    t.test('our client -> gnutls-serv --earlydata', async (t) => {
      const { peer, port } = await gnutlsServer({ priority: 'NORMAL', extra: ['--earlydata', '--maxearlydata=16384'] });
      const first = await ourClient(port, provider);
      t.equal((await echoThrough(first, Buffer.from('first\n'))).toString(), 'first\n');
      const session = first.session!;
      await first.close(1000);
      const second = await ourClient(port, provider, { session, earlyData: Buffer.from(EARLY) });
      t.ok(second.earlyDataAccepted, 'accepted');
      t.equal((await echoThrough(second, Buffer.from('second\n'))).toString(), 'second\n');
      await second.close(1000);
      await peer.stop();
    });

    for (const [label, accept] of [
      ['accepting', true],
      ['refusing', false],
    ] as const) {
      t.test(`gnutls-cli --resume --earlydata -> our server (${label})`, async (t) => {
        const dir = tempDir(t);
        const early = path.join(dir, 'early.txt');
        fs.writeFileSync(early, EARLY);
        const server = await ourServer(provider, { settings: settings({ ticketKeys }), acceptEarlyData: accept ? true : () => false });
        t.teardown(() => server.close());
        const client = gnutlsClient({ port: server.port, priority: 'NORMAL', resume: true, extra: [`--earlydata=${early}`, '--waitresumption'] });
        await client.waitFor(/This is a resumed session/);
        client.write('one-rtt line\n');
        await client.waitFor(/one-rtt line\n/);
        client.endInput();
        await client.waitExit();
        const conn = await server.connection(1);
        t.ok(conn.resumed, 'resumed');
        t.equal(conn.earlyDataAccepted, accept);
        t.equal(conn.earlyData.toString(), accept ? EARLY : '');
      });
    }
  });
}
