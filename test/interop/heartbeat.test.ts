/**
 * Heartbeats (RFC 6520) against GnuTLS (`--heartbeat`), both providers.
 * OpenSSL 3.0 is built without heartbeats, so GnuTLS is the only peer.
 *
 * TLS 1.2 and TLS 1.3 (GnuTLS negotiates heartbeats in TLS 1.3 too, in
 * EncryptedExtensions):
 * - our client -> gnutls-serv: our request comes back to
 *   heartbeatResponseCallback; the line "**HEARTBEAT**" makes gnutls-serv
 *   ping us (it waits for the pong and answers "Successfully executed
 *   command"), which a capturing proxy sees answered on the wire (TLS 1.2,
 *   where the record type is visible);
 * - gnutls-cli -> our server: our server's requests come back (gnutls-cli
 *   answers pings; it cannot be told to send one);
 * - either side with the setting off: nothing is negotiated.
 */
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import { captureProxy, protectedWireRecords } from './capture-proxy.js';
import { gnutlsClient, gnutlsServer, skipUnless, usePeers } from './peers.js';
import { echoThrough, ourClient, ourServer, providerLabels, settings } from './ours.js';

usePeers(t);
const skip = skipUnless('gnutls');
const text = (s: string) => new TextEncoder().encode(s);
const HEARTBEAT = 24;

/** Collects payloads; `wait(n)` resolves once `n` arrived (or after a bound, for the assertion to fail). */
function collector() {
  const got: Uint8Array[] = [];
  return {
    callback: (p: Uint8Array) => void got.push(p),
    got,
    wait: async (n: number, ms = 5000) => {
      for (const until = Date.now() + ms; got.length < n && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

const VERSIONS = [
  { name: 'TLS 1.2', tls13: false, priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2', max: ProtocolVersion.TLS1_2 },
  { name: 'TLS 1.3', tls13: true, priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.3', max: ProtocolVersion.TLS1_3 },
];

for (const provider of providerLabels()) {
  for (const v of VERSIONS) {
    t.test(`our ${v.name} client -> proxy -> gnutls-serv --heartbeat (${provider})`, { skip }, async (t) => {
      const { peer, port } = await gnutlsServer({ priority: v.priority, extra: ['--heartbeat'] });
      const proxy = await captureProxy(port);
      t.teardown(() => proxy.close());
      const responses = collector();
      const conn = await ourClient(proxy.port, provider, { settings: settings({ maxVersion: v.max, heartbeatResponseCallback: responses.callback }) });
      conn.on('error', () => {}); // the proxy resets the connection at teardown
      t.equal(conn.version, v.max);
      t.same(conn.engine.heartbeat, { negotiated: true, canSendRequests: true }, 'gnutls-serv answered peer_allowed_to_send');

      conn.sendHeartbeatRequest(text('hello gnutls'), 32);
      await responses.wait(1);
      t.same(responses.got.map((p) => Buffer.from(p).toString()), ['hello gnutls'], 'gnutls echoed our payload');

      // gnutls-serv pings us when it reads this line, and waits for our pong.
      t.same((await echoThrough(conn, text('**HEARTBEAT**\n'))).toString(), 'Successfully executed command\n', 'gnutls-serv got our pong');
      t.same((await echoThrough(conn, text('after\n'))).toString(), 'after\n', 'the connection goes on');
      if (!v.tls13) {
        const c = proxy.connections[0]!;
        const fromServer = protectedWireRecords(c.toClient, false).filter((r) => r.type === HEARTBEAT);
        const fromClient = protectedWireRecords(c.toServer, false).filter((r) => r.type === HEARTBEAT);
        t.equal(fromServer.length, 2, 'gnutls sent a response and a request');
        t.equal(fromClient.length, 2, 'we sent a request and a response');
        t.equal(fromClient[1]!.length, fromServer[1]!.length, 'our response is as long as its request (payload echoed, 16 bytes of padding)');
      }
      // gnutls-serv says "No heartbeat in this session" or "ping: <error>" (and exits) when a ping fails.
      t.notMatch(peer.output, /No heartbeat in this session|ping: /, 'gnutls-serv reported no failed ping');
      conn.close();
    });

    t.test(`gnutls-cli --heartbeat -> our ${v.name} server (${provider})`, { skip }, async (t) => {
      const responses = collector();
      const server = await ourServer(provider, { settings: settings({ maxVersion: v.max, heartbeatResponseCallback: responses.callback }) });
      t.teardown(() => server.close());
      const cli = gnutlsClient({ port: server.port, priority: v.priority, extra: ['--heartbeat'] });
      await cli.waitFor(/Simple Client Mode/);
      const conn = await server.connection(0);
      t.equal(conn.version, v.max);
      t.same(conn.engine.heartbeat, { negotiated: true, canSendRequests: true });
      conn.sendHeartbeatRequest(text('hello gnutls-cli'), 16);
      await responses.wait(1);
      conn.sendHeartbeatRequest(new Uint8Array(1000).fill(0x41), 100);
      await responses.wait(2);
      t.same(responses.got.map((p) => p.length), [16, 1000], 'both payloads came back');
      t.equal(Buffer.from(responses.got[0]!).toString(), 'hello gnutls-cli');
      // (gnutls-cli stops reading its stdin once it has answered a ping, so
      // the connection is checked the other way.)
      conn.write('from our server\n');
      await cli.waitFor(/from our server/);
      cli.endInput();
      await cli.waitExit();
    });

    t.test(`${v.name}: not negotiated when our side turns it off (${provider})`, { skip }, async (t) => {
      const off = settings({ maxVersion: v.max, useHeartbeatExtension: false });
      const { peer, port } = await gnutlsServer({ priority: v.priority, extra: ['--heartbeat'] });
      const conn = await ourClient(port, provider, { settings: off });
      t.same(conn.engine.heartbeat, { negotiated: false, canSendRequests: false });
      t.throws(() => conn.sendHeartbeatRequest(text('x')), /not negotiated/);
      // gnutls-serv does not ping a client that did not offer heartbeats.
      await echoThrough(conn, text('**HEARTBEAT**\n'));
      await peer.waitFor(/No heartbeat in this session/);
      t.pass('gnutls-serv found no heartbeat to use');
      t.same((await echoThrough(conn, text('after\n'))).toString(), 'after\n', 'the connection goes on');
      conn.close();

      const server = await ourServer(provider, { settings: off });
      t.teardown(() => server.close());
      const cli = gnutlsClient({ port: server.port, priority: v.priority, extra: ['--heartbeat'] });
      await cli.waitFor(/Simple Client Mode/);
      const ours = await server.connection(0);
      t.same(ours.engine.heartbeat, { negotiated: false, canSendRequests: false }, 'our server does not answer the extension');
      cli.endInput();
      await cli.waitExit();
    });
  }
}
