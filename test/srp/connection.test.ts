/**
 * SRP through the Node adaptors, over TCP on 127.0.0.1:
 * `TLSConnection.handshakeClientSRP`, `connect({ srpUsername, srpPassword })`
 * and `createServer({ verifierDB })` with a database file that another
 * handle updates while the server runs; the public exports.
 */
import t from 'tap';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import * as api from '../../src/index.js';
import { connect, createServer, TLSConnection, TLSRemoteAlert, VerifierDB, type TLSServer } from '../../src/index.js';

async function listen(server: TLSServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

t.test('exports', async (t) => {
  for (const name of ['VerifierDB', 'VerifierDBError', 'SRP_GROUP_BITS']) t.ok(name in api, name);
  t.equal(typeof TLSConnection.prototype.handshakeClientSRP, 'function');
});

t.test('handshakeClientSRP and connect() against createServer({ verifierDB }) backed by a file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-srp-conn-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'users.db');
  const admin = VerifierDB.create(file);
  admin.add('alice', VerifierDB.makeVerifier('alice', 'alice-pw', 2048));
  const server = createServer({ verifierDB: VerifierDB.open(file) }, (conn) => {
    conn.on('error', () => {});
    conn.write(`hello ${conn.session?.srpUsername}`);
    conn.end();
  });
  const port = await listen(server);
  t.teardown(() => server.close());

  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket);
  await conn.handshakeClientSRP('alice', 'alice-pw');
  t.equal(conn.session?.srpUsername, 'alice');
  t.equal(new TextDecoder().decode(await conn.recv()), 'hello alice');
  conn.destroy();

  // A user added by another process (here: another handle) after the server started.
  admin.add('bob', VerifierDB.makeVerifier('bob', 'bob-pw', 1024));
  const viaConnect = connect({ host: '127.0.0.1', port, srpUsername: 'bob', srpPassword: 'bob-pw' });
  await once(viaConnect, 'secureConnect');
  t.equal(viaConnect.session?.srpUsername, 'bob', 'connect() does SRP; the server saw the new user');
  const [data] = (await once(viaConnect, 'data')) as [Buffer];
  t.equal(data.toString(), 'hello bob');
  viaConnect.destroy();

  const wrong = connect({ host: '127.0.0.1', port, srpUsername: 'alice', srpPassword: 'nope' });
  const [error] = (await once(wrong, 'error')) as [Error];
  t.ok(error instanceof TLSRemoteAlert && error.descriptionName === 'bad_record_mac', `wrong password: ${String(error)}`);

  const bad = new TLSConnection(new net.Socket());
  await t.rejects(bad.handshakeClientSRP('', 'pw'), RangeError, 'bad user name rejected before anything is sent');
  await t.rejects(bad.handshakeClientSRP('alice', 42 as never), TypeError);
});

t.test('createServer needs a certificate, anon or a verifierDB', async (t) => {
  t.throws(() => createServer({}), /unless anon or verifierDB/);
  const server = createServer({ verifierDB: new VerifierDB() });
  t.ok(server);
});
