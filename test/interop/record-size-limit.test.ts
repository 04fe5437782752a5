/**
 * record_size_limit (RFC 8449) against real peers, TLS 1.2 and TLS 1.3,
 * both providers. GnuTLS implements it (gnutls-serv `--recordsize`,
 * gnutls-cli `--recordsize`, which also sends max_fragment_length): a
 * capturing TCP proxy between the two sides measures every protected
 * record on the wire against the limit its receiver announced. OpenSSL
 * 3.0 does not implement the extension: nothing is negotiated and data
 * flows in full-size records.
 */
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import { captureProxy, protectedWireRecords, type CapturedConnection } from './capture-proxy.js';
import { gnutlsClient, gnutlsServer, opensslClient, opensslServer, skipUnless, testText, usePeers } from './peers.js';
import { echoThrough, ourClient, ourServer, providerLabels, settings } from './ours.js';

usePeers(t);

const GCM_OVERHEAD = { tls12: 8 + 16, tls13: 16 };
const VERSIONS = [
  { name: 'TLS 1.2', tls13: false, gnutls: 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-GCM:%ALLOW_SMALL_RECORDS', openssl: 'tls1_2' as const, ours: { maxVersion: ProtocolVersion.TLS1_2 } },
  { name: 'TLS 1.3', tls13: true, gnutls: 'NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:%ALLOW_SMALL_RECORDS', openssl: 'tls1_3' as const, ours: {} },
];

/** A line of `length` letters (nothing a regular expression or a C string would mind). */
function letters(length: number): string {
  return Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
}

/** Largest plaintext of the protected records of one direction (TLS 1.3: the TLSInnerPlaintext). */
function largest(chunks: readonly Buffer[], tls13: boolean): number {
  const overhead = tls13 ? GCM_OVERHEAD.tls13 : GCM_OVERHEAD.tls12;
  return Math.max(0, ...protectedWireRecords(chunks, tls13).filter((r) => r.type !== 21).map((r) => r.length - overhead));
}

function describe(c: CapturedConnection, tls13: boolean): string {
  const sizes = (chunks: readonly Buffer[]) => protectedWireRecords(chunks, tls13).map((r) => r.length).join(',');
  return `to server [${sizes(c.toServer)}], to client [${sizes(c.toClient)}]`;
}

for (const provider of providerLabels()) {
  for (const v of VERSIONS) {
    t.test(`our ${v.name} client (limit 200) -> proxy -> gnutls-serv --recordsize=512 (${provider})`, { skip: skipUnless('gnutls') }, async (t) => {
      const { port } = await gnutlsServer({ priority: v.gnutls, extra: ['--recordsize=512'] });
      const proxy = await captureProxy(port);
      t.teardown(() => proxy.close());
      const conn = await ourClient(proxy.port, provider, { settings: settings({ ...v.ours, cipherNames: ['aes128gcm'], recordSizeLimit: 200 }) });
      conn.on('error', () => {}); // the proxy resets the connection at teardown
      const data = testText(6000);
      t.same(await echoThrough(conn, data), data, 'echoed intact');
      const limits = conn.engine.recordSizeLimit;
      // GnuTLS announces its receive size, plus the content type byte in TLS 1.3.
      t.same(limits, { send: v.tls13 ? 513 : 512, receive: 200 }, `negotiated ${JSON.stringify(limits)}`);
      const c = proxy.connections[0]!;
      t.equal(largest(c.toServer, v.tls13), limits.send!, `our records fill gnutls's limit exactly (${describe(c, v.tls13)})`);
      const theirs = largest(c.toClient, v.tls13);
      t.ok(theirs <= 200 && theirs > 100, `gnutls's records keep to our limit of 200: largest ${theirs}`);
      conn.close();
    });

    t.test(`gnutls-cli --recordsize=512 -> proxy -> our ${v.name} server (limit 300) (${provider})`, { skip: skipUnless('gnutls') }, async (t) => {
      const server = await ourServer(provider, { settings: settings({ ...v.ours, recordSizeLimit: 300 }) });
      t.teardown(() => server.close());
      const proxy = await captureProxy(server.port);
      t.teardown(() => proxy.close());
      // gnutls-cli also sends max_fragment_length(512): RFC 8449 5 says a server that
      // negotiates record_size_limit ignores it, and ours implements no max_fragment_length.
      const cli = gnutlsClient({ port: proxy.port, priority: v.gnutls, extra: ['--recordsize=512'] });
      await cli.waitFor(/Simple Client Mode/);
      const conn = await server.connection(0);
      const limits = conn.engine.recordSizeLimit;
      t.equal(limits.receive, 300);
      t.equal(limits.send, v.tls13 ? 513 : 512, `gnutls-cli announced ${limits.send}`);
      // gnutls-cli sends one record per line and drops what does not fit it
      // (it does not loop over gnutls_record_send): 300 bytes of the line go out.
      // (TLS 1.3: 299 bytes and the content type.)
      const line = letters(2000);
      cli.write(`${line}\n`);
      const sent = line.slice(0, v.tls13 ? 299 : 300);
      await cli.waitFor(new RegExp(`\n${sent.slice(0, 20)}.{${sent.length - 40}}${sent.slice(-20)}(?!${line[sent.length]})`));
      // And our side sends more than a record can hold to gnutls-cli.
      conn.write(`${letters(3000)}END-OF-OURS\n`);
      await cli.waitFor(/END-OF-OURS/);
      cli.endInput();
      await cli.waitExit();
      const c = proxy.connections[0]!;
      t.equal(largest(c.toServer, v.tls13), 300, `gnutls-cli's records keep to our limit of 300 (${describe(c, v.tls13)})`);
      t.equal(largest(c.toClient, v.tls13), limits.send!, "our records fill gnutls-cli's limit exactly");
    });

    t.test(`our ${v.name} client (limit 256) -> openssl s_server, which ignores the extension (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
      const { peer, port } = await opensslServer({ version: v.openssl });
      const proxy = await captureProxy(port);
      t.teardown(() => proxy.close());
      const conn = await ourClient(proxy.port, provider, { settings: settings({ ...v.ours, cipherNames: ['aes128gcm'], recordSizeLimit: 256 }) });
      conn.on('error', () => {}); // the proxy resets the connection at teardown
      t.same(conn.engine.recordSizeLimit, { send: null, receive: null }, 'nothing negotiated');
      await conn.sendall(`${letters(2988)}END-OF-DATA\n`);
      await peer.waitFor(/END-OF-DATA/);
      t.equal(largest(proxy.connections[0]!.toServer, v.tls13), v.tls13 ? 3001 : 3000, 'one record for the whole write');
      conn.close();
    });

    t.test(`openssl s_client -> our ${v.name} server (limit 256), nothing negotiated (${provider})`, { skip: skipUnless('openssl') }, async (t) => {
      const server = await ourServer(provider, { settings: settings({ ...v.ours, recordSizeLimit: 256 }) });
      t.teardown(() => server.close());
      const cli = opensslClient({ port: server.port, version: v.openssl });
      await cli.waitFor(/Verify return code|---\n/);
      const conn = await server.connection(0);
      t.same(conn.engine.recordSizeLimit, { send: null, receive: null });
      cli.write(`${letters(2000)}END-OF-DATA\n`);
      await cli.waitFor(/END-OF-DATA/);
      t.equal(conn.engine.recordSizeLimit.send, null);
      cli.endInput();
      await cli.waitExit();
    });
  }
}
