/**
 * Interop for what the main OpenSSL/GnuTLS files leave out: resumption by
 * ticket our server issued (a second server instance that shares only the
 * ticket keys, so a session id cannot be what resumed), gnutls-cli's
 * --resume against our server, NPN both ways with OpenSSL, and the
 * anonymous suites (DH_anon, ECDH_anon) both ways with OpenSSL and GnuTLS.
 * Each with the native and the pure provider.
 */
import t from 'tap';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { TicketKeys } from '../../src/session/ticket.js';
import {
  GNUTLS_TLS12,
  gnutlsClient,
  gnutlsServer,
  opensslClient,
  opensslServer,
  parseGnuTLSOutput,
  parseOpenSSLOutput,
  PEER_TIMEOUT_MS,
  skipUnless,
  usePeers,
  type OpenSSLClientOptions,
  type PeerProcess,
} from './peers.js';
import { ourClient, ourServer, providerLabels, providerOf, settings, type OurServer } from './ours.js';

usePeers(t);
const opensslSkip = skipUnless('openssl');
const gnutlsSkip = skipUnless('gnutls');

/** s_client against our echo server: one line echoed, then EOF; returns the client's output and our side. */
async function sClient(server: OurServer, n: number, o: Omit<OpenSSLClientOptions, 'port'>) {
  const client = opensslClient({ port: server.port, ...o });
  await client.waitFor(/Verify return code|Reused, /);
  client.write('echo me\n');
  await client.waitFor(/echo me\n/);
  client.endInput();
  await client.waitExit();
  return { report: parseOpenSSLOutput(client.output), output: client.output, conn: await server.connection(n) };
}

/** Our anonymous client over TCP. */
async function anonClient(port: number, provider: 'native' | 'pure', init = {}) {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider: providerOf(provider) });
  await conn.handshakeClientAnonymous({ settings: settings(init), timeout: PEER_TIMEOUT_MS });
  return conn;
}

/** A line each way between our connection and an echoing or interactive peer. */
async function roundTrip(conn: TLSConnection, peer: PeerProcess, echo: boolean): Promise<void> {
  await conn.sendall('ping from tlslite-ng\n');
  if (!echo) {
    await peer.waitFor(/ping from tlslite-ng\n/);
    peer.write('ping from tlslite-ng\n');
  }
  let got = '';
  while (!got.includes('ping from tlslite-ng\n')) got += Buffer.from(await conn.recv()).toString();
}

for (const provider of providerLabels()) {
  t.test(`openssl (${provider})`, { skip: opensslSkip }, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-resume-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

    t.test('s_client resumes with a ticket our server issued, at a second server with the same keys only', async (t) => {
      const ticketKeys = new TicketKeys();
      // No session cache on either server: only the ticket can resume.
      const a = await ourServer(provider, { ticketKeys, sessionCache: undefined });
      t.teardown(() => a.close());
      const b = await ourServer(provider, { ticketKeys, sessionCache: undefined });
      t.teardown(() => b.close());
      const sess = path.join(dir, 'ticket.pem');
      const first = await sClient(a, 0, { version: 'tls1_2', sessOut: sess });
      t.equal(first.report.reused, false, 'first connection is full');
      t.match(first.output, /TLS session ticket lifetime hint: \d+/, 's_client received a ticket');
      const second = await sClient(b, 0, { version: 'tls1_2', sessIn: sess });
      t.equal(second.report.reused, true, 's_client: Reused');
      t.equal(second.conn.resumed, true, 'our server resumed');
      t.equal(hex(second.conn.session!.masterSecret), hex(first.conn.session!.masterSecret), 'same master secret');

      const other = await ourServer(provider, { ticketKeys: new TicketKeys(), sessionCache: undefined });
      t.teardown(() => other.close());
      const third = await sClient(other, 0, { version: 'tls1_2', sessIn: sess });
      t.equal(third.report.reused, false, 'a server with other ticket keys falls back to a full handshake');
      t.equal(third.conn.resumed, false);
    });

    t.test('NPN: s_client -nextprotoneg against our server', async (t) => {
      const server = await ourServer(provider, { nextProtos: ['spdy/2', 'http/1.1'] });
      t.teardown(() => server.close());
      const { output, conn } = await sClient(server, 0, { version: 'tls1_2', extra: ['-nextprotoneg', 'http/1.1,spdy/3'] });
      t.match(output, /Next protocol: \(1\) http\/1\.1/, 's_client negotiated http/1.1');
      t.equal(conn.alpnProtocol, 'http/1.1', 'our server saw the client’s choice');
    });

    t.test('NPN: our client against s_server -nextprotoneg', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_2', extra: ['-nextprotoneg', 'spdy/3,http/1.1'] });
      const conn = await ourClient(port, provider, { nextProtos: ['http/1.1'] });
      await roundTrip(conn, peer, false);
      t.equal(conn.alpnProtocol, 'http/1.1', 'we selected http/1.1 from the server’s list');
      t.match(peer.output, /NEXTPROTO is http\/1\.1/, 's_server saw it');
      await conn.close(1000);
      await peer.stop();
    });

    for (const [cipher, kx] of [
      ['ADH-AES128-GCM-SHA256', 'DH_anon'],
      ['AECDH-AES256-SHA', 'ECDH_anon'],
    ] as const) {
      t.test(`anonymous ${kx}: our client against s_server -nocert (${cipher})`, async (t) => {
        const { peer, port } = await opensslServer({ version: 'tls1_2', cipher, extra: ['-nocert'] });
        const conn = await anonClient(port, provider);
        await roundTrip(conn, peer, false);
        t.match(conn.cipherSuiteName, new RegExp(`^TLS_${kx}_`, 'i'), 'anonymous suite');
        t.equal(conn.session?.serverCertChain, null, 'no certificate');
        await conn.close(1000);
        await peer.stop();
      });
      t.test(`anonymous ${kx}: s_client against our anon server (${cipher})`, async (t) => {
        const server = await ourServer(provider, { anon: true, certChain: undefined, privateKey: undefined });
        t.teardown(() => server.close());
        const { report, conn } = await sClient(server, 0, { version: 'tls1_2', cipher });
        t.equal(report.cipher, cipher, 's_client negotiated it');
        t.match(conn.cipherSuiteName, new RegExp(`^TLS_${kx}_`, 'i'));
      });
    }
  });

  t.test(`gnutls (${provider})`, { skip: gnutlsSkip }, async (t) => {
    for (const [label, tickets] of [
      ['by session id', false],
      ['by ticket (no session cache on our side)', true],
    ] as const) {
      t.test(`gnutls-cli --resume against our server, ${label}`, async (t) => {
        const server = await ourServer(provider, tickets ? { ticketKeys: new TicketKeys(), sessionCache: undefined } : {});
        t.teardown(() => server.close());
        const cli = gnutlsClient({ port: server.port, resume: true });
        await cli.waitFor(/This is a resumed session/);
        cli.endInput();
        await cli.waitExit();
        const [first, second] = [await server.connection(0), await server.connection(1)];
        t.equal(first.resumed, false, 'first full');
        t.equal(second.resumed, true, 'second resumed');
        t.equal(hex(second.session!.masterSecret), hex(first.session!.masterSecret), 'same master secret');
      });
    }

    for (const [kx, priority] of [
      ['DH_anon', `${GNUTLS_TLS12}:-KX-ALL:+ANON-DH`],
      ['ECDH_anon', `${GNUTLS_TLS12}:-KX-ALL:+ANON-ECDH`],
    ] as const) {
      t.test(`anonymous ${kx}: our client against gnutls-serv`, async (t) => {
        const { peer, port } = await gnutlsServer({ priority });
        const conn = await anonClient(port, provider);
        await roundTrip(conn, peer, true);
        t.match(conn.cipherSuiteName, new RegExp(`^TLS_${kx}_`, 'i'));
        await conn.close(1000);
        await peer.stop();
      });
      t.test(`anonymous ${kx}: gnutls-cli against our anon server`, async (t) => {
        const server = await ourServer(provider, { anon: true, certChain: undefined, privateKey: undefined });
        t.teardown(() => server.close());
        const cli = gnutlsClient({ port: server.port, priority });
        await cli.waitFor(/Simple Client Mode/);
        cli.write('line one\n');
        await cli.waitFor(/Simple Client Mode:[\s\S]*line one/);
        cli.endInput();
        await cli.waitExit();
        const conn = await server.connection(0);
        t.match(conn.cipherSuiteName, new RegExp(`^TLS_${kx}_`, 'i'));
        t.match(parseGnuTLSOutput(cli.output).description ?? '', kx === 'DH_anon' ? /ANON-DH/ : /ANON-ECDH/, 'gnutls-cli agrees');
      });
    }
  });
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
