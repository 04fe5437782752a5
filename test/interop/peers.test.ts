/**
 * The peer utilities against Node's tls: proves that each peer starts,
 * reports its port, negotiates what we ask for and prints what the
 * interop tests parse (exporter, EMS, resumption), before our own stack
 * is put in front of it. A peer option that stops working shows up here,
 * not as a confusing failure in a TLSConnection test.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NODE_LEGACY,
  gnutlsClient,
  gnutlsServer,
  nodeClient,
  nodeExport,
  nodeServer,
  opensslClient,
  opensslServer,
  parseGnuTLSOutput,
  parseOpenSSLOutput,
  readBytes,
  sessionUsedEMS,
  skipUnless,
  testText,
  usePeers,
} from './peers.js';

usePeers(t);

const LABEL = 'EXPORTER-tlslite-test';

t.test('openssl s_server with a Node tls client', { skip: skipUnless('openssl') }, async (t) => {
  const { peer, port } = await opensslServer({
    version: 'tls1_2',
    cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
    groups: 'X25519',
    exporter: { label: LABEL, length: 32 },
  });
  const socket = await nodeClient(port);
  t.equal(socket.getCipher().name, 'ECDHE-RSA-AES128-GCM-SHA256');
  const ours = nodeExport(socket, 32, LABEL);
  socket.write('ping\n');
  await peer.waitFor(/ping/);
  const report = parseOpenSSLOutput((await peer.waitFor(/Keying material: [0-9A-F]+\n[\s\S]*ping/)).input!);
  t.equal(report.cipher, 'ECDHE-RSA-AES128-GCM-SHA256');
  t.equal(report.exported, ours, 'the exporter value printed by s_server is the one Node computed');
  t.ok(report.sessionPem, 's_server printed the session');
  t.equal(sessionUsedEMS(report.sessionPem!), true, 'Node negotiates EMS');
  peer.write('pong\n');
  t.equal((await readBytes(socket, 5)).toString(), 'pong\n');
  socket.destroy();
});

t.test('openssl s_server speaks TLS 1.0 only at security level 0', { skip: skipUnless('openssl') }, async (t) => {
  const { port } = await opensslServer({ version: 'tls1' });
  const socket = await nodeClient(port, { ...NODE_LEGACY, maxVersion: 'TLSv1' });
  t.equal(socket.getProtocol(), 'TLSv1');
  socket.destroy();
});

t.test('openssl s_client with a Node tls server: session out and in', { skip: skipUnless('openssl') }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-peers-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const server = await nodeServer();
  const sess = path.join(dir, 'sess.pem');
  const first = opensslClient({ port: server.port, version: 'tls1_2', sessOut: sess, exporter: { label: LABEL, length: 16 } });
  await first.waitFor(/Keying material: [0-9A-F]+/);
  first.write('hello\n');
  await first.waitFor(/Keying material[\s\S]*hello\n/); // s_client prints what it receives, not what it sends
  first.endInput();
  await first.waitExit();
  const r1 = parseOpenSSLOutput(first.output);
  t.equal(r1.protocol, 'TLSv1.2');
  t.equal(r1.ems, true);
  t.equal(r1.reused, false);
  t.equal(r1.exported?.length, 32);
  t.ok(fs.existsSync(sess), 'session saved');

  const second = opensslClient({ port: server.port, version: 'tls1_2', sessIn: sess });
  await second.waitFor(/Verify return code/);
  second.endInput();
  await second.waitExit();
  t.equal(parseOpenSSLOutput(second.output).reused, true, 'resumed with -sess_in');
});

t.test('gnutls-serv echo with a Node tls client', { skip: skipUnless('gnutls') }, async (t) => {
  const { peer, port } = await gnutlsServer({
    priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA1',
    exporter: { label: LABEL, length: 20 },
  });
  const socket = await nodeClient(port, { ciphers: 'ECDHE-RSA-AES128-SHA' });
  const ours = nodeExport(socket, 20, LABEL);
  const data = testText(40_000);
  socket.write(data);
  const echoed = await readBytes(socket, data.length);
  t.ok(echoed.equals(data), '40 000 bytes echoed');
  socket.destroy();
  await peer.waitFor(/Key material: [0-9a-f]+/);
  const report = parseGnuTLSOutput(peer.output);
  t.equal(report.version, 'TLS1.2');
  t.equal(report.cipher, 'AES-128-CBC');
  t.equal(report.ems, true);
  t.equal(report.etm, true, 'Node negotiates encrypt-then-MAC for a CBC suite');
  t.equal(report.exported, ours);
});

t.test('gnutls-cli with a Node tls server: resumption and exporter', { skip: skipUnless('gnutls') }, async (t) => {
  let exported = '';
  const server = await nodeServer({}, (socket) => {
    exported = nodeExport(socket, 20, LABEL);
    socket.pipe(socket);
  });
  const cli = gnutlsClient({ port: server.port, resume: true, exporter: { label: LABEL, length: 20 }, priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_ETM' });
  await cli.waitFor(/This is a resumed session[\s\S]*- Simple Client Mode/);
  cli.write('abc\n');
  await cli.waitFor(/Simple Client Mode:[\s\S]*abc/);
  cli.endInput();
  await cli.waitExit();
  const resumed = parseGnuTLSOutput(cli.output);
  t.equal(resumed.resumed, true);
  t.equal(resumed.exported, exported, 'gnutls-cli exporter equals Node’s on the resumed connection');
  t.equal(parseGnuTLSOutput(cli.output, 0).resumed, false, 'first connection is a full handshake');
});
