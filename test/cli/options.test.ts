/**
 * Command-line handling: tls.py's option syntax, the one table of
 * options that need a feature not built (a clear message and status 2),
 * unknown options (usage, status 2), and bad values.
 */
import t from 'tap';
import { parseArgs, parseAddress, parseVersion, UsageError } from '../../src/cli/args.js';
import { FEATURES, missingFeature } from '../../src/cli/features.js';
import { parseServerArgs } from '../../src/cli/server.js';
import { parseClientArgs } from '../../src/cli/client.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cert, skipUnless, usePeers } from '../interop/peers.js';
import { runTlslite } from './cli.js';

const SPECS = { '-c': { takesValue: true }, '-a': { takesValue: true }, '--echo': { takesValue: false }, '--max-ver': { takesValue: true } };

t.test('getopt conventions: glued and separate values, --opt=value, repeats in order, --', async (t) => {
  const args = parseArgs(['-cA', '-c', 'B', '--max-ver=TLSv1.2', '-a', 'h2', '--echo', '-a', 'http/1.1', 'host:1', '--', '-x'], SPECS);
  t.same(args.options, [
    { option: '-c', value: 'A' },
    { option: '-c', value: 'B' },
    { option: '--max-ver', value: 'TLSv1.2' },
    { option: '-a', value: 'h2' },
    { option: '--echo' },
    { option: '-a', value: 'http/1.1' },
  ]);
  t.same(args.positional, ['host:1', '-x']);
  t.throws(() => parseArgs(['--nope'], SPECS), UsageError);
  t.throws(() => parseArgs(['-z'], SPECS), UsageError);
  t.throws(() => parseArgs(['-c'], SPECS), /needs a value/);
  t.throws(() => parseArgs(['--echo=1'], SPECS), /takes no value/);
});

t.test('HOST:PORT and version names', async (t) => {
  t.same(parseAddress('127.0.0.1:4443'), { host: '127.0.0.1', port: 4443 });
  t.same(parseAddress('[::1]:443'), { host: '::1', port: 443 });
  t.same(parseAddress(':0'), { host: 'localhost', port: 0 });
  t.throws(() => parseAddress('localhost'), UsageError);
  t.throws(() => parseAddress('h:70000'), UsageError);
  t.equal(parseVersion('--max-ver', 'SSLv3'), 0x0300);
  t.equal(parseVersion('--max-ver', 'TLSv1.0'), 0x0301);
  t.equal(parseVersion('--max-ver', 'tlsv1.2'), 0x0303);
  t.equal(parseVersion('--max-ver', 'TLSv1.3'), 0x0304);
  t.throws(() => parseVersion('--max-ver', 'TLS1.2'), /unknown version/);
});

t.test('the feature table: options for features not built are refused by name', async (t) => {
  const srp = missingFeature([{ option: '-u', value: 'alice' }]);
  const psk = missingFeature([{ option: '--psk', value: 'aa' }]);
  const v13 = missingFeature([{ option: '--max-ver', value: 'TLSv1.3' }]);
  if (FEATURES.srp.built) t.equal(srp, undefined);
  else t.match(srp, /^-u needs SRP .*does not have yet/);
  if (FEATURES.tls13.built) {
    t.equal(psk, undefined);
    t.equal(v13, undefined);
  } else {
    t.match(psk, /^--psk needs TLS 1\.3/);
    t.match(v13, /^--max-ver TLSv1\.3 needs TLS 1\.3/);
  }
  const pha = missingFeature([{ option: '--require-pha' }]);
  if (FEATURES.postHandshakeAuth.built) t.equal(pha, undefined);
  else t.match(pha, /^--require-pha needs TLS 1\.3 post-handshake authentication/);
  t.equal(missingFeature([{ option: '--max-ver', value: 'TLSv1.2' }, { option: '--echo' }]), undefined);
});

const PAIR = ['-c', cert('server-rsa.chain.pem'), '-k', cert('server-rsa.key.pem')];

t.test('server options become settings', async (t) => {
  const c = parseServerArgs([...PAIR, '--reqcert', '--ssl3', '--max-ver', 'TLSv1.1', '--cipherlist', 'aes128', '--cipherlist', '3des', '--groups', 'secp384r1,ffdhe3072', '--tickets', '0', '--echo', '-d', '/tmp', '127.0.0.1:0']);
  t.equal(c.echo, true);
  t.equal(c.dir, '/tmp');
  t.equal(c.handshake.reqCert, true);
  t.equal(c.handshake.ticketKeys, undefined, '--tickets 0: no ticket keys');
  const s = c.handshake.settings!;
  t.equal(s.minVersion, 0x0300);
  t.equal(s.maxVersion, 0x0302);
  t.same(s.cipherNames, ['aes128', '3des']);
  t.same(s.eccCurves, ['secp384r1']);
  t.same(s.dhGroups, ['ffdhe3072']);
  t.equal(c.pairs.length, 1);
  t.ok(parseServerArgs([...PAIR, '127.0.0.1:0']).handshake.ticketKeys, 'tickets by default, as tls.py');
});

t.test('bad values are usage errors', async (t) => {
  t.throws(() => parseServerArgs(['127.0.0.1:0']), /needs -c CERT -k KEY/);
  t.throws(() => parseServerArgs(['-c', cert('server-rsa.chain.pem'), '127.0.0.1:0']), /needs its -k KEY/);
  t.throws(() => parseServerArgs(['-c', cert('server-rsa.key.pem'), '-k', cert('server-rsa.key.pem'), '127.0.0.1:0']), /not a PEM certificate/);
  t.throws(() => parseServerArgs([...PAIR, '--groups', 'x25519,p256', '127.0.0.1:0']), /unknown group p256/);
  t.throws(() => parseServerArgs([...PAIR, '--cipherlist', 'aes512', '127.0.0.1:0']), UsageError);
  t.throws(() => parseServerArgs([...PAIR, '--param', '/nonexistent/dh.pem', '127.0.0.1:0']), /--param/);
  t.throws(() => parseServerArgs([...PAIR, '-L', '16', '127.0.0.1:0']), /-L needs -l/);
  t.throws(() => parseServerArgs([...PAIR]), /HOST:PORT is required/);
  t.throws(() => parseClientArgs(['127.0.0.1:0']), /port other than 0/);
  t.throws(() => parseClientArgs(['--get', 'no-slash', '127.0.0.1:1']), /--get/);
});

t.test('--param reads openssl dhparam output', { skip: skipUnless('openssl') }, async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-dh-')), 'dh.pem');
  t.teardown(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  // RFC 7919 ffdhe2048 as `openssl dhparam` writes a named group's parameters.
  const r = spawnSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', file], { timeout: 10_000 });
  t.equal(r.status, 0, 'openssl wrote the parameters');
  t.match(fs.readFileSync(file, 'utf8'), /BEGIN DH PARAMETERS/);
  const s = parseServerArgs([...PAIR, '--param', file, '127.0.0.1:0']).handshake.settings!;
  const dh = s.dhParams as { p: bigint; g: bigint };
  t.equal(dh.g, 2n);
  t.equal(dh.p.toString(16).length, 512, '2048-bit prime');
  t.equal(dh.p.toString(16).slice(0, 16), 'ffffffffffffffff');
});

t.test('as a user sees it: exit status and messages', async (t) => {
  usePeers(t);
  const unknown = await runTlslite(['server', '--bogus', '127.0.0.1:0']);
  t.equal(unknown.code, 2, 'unknown option: status 2');
  t.match(unknown.output, /unknown option --bogus/);
  t.match(unknown.output, /usage: tlslite server/);
  const noCommand = await runTlslite(['frobnicate']);
  t.equal(noCommand.code, 2);
  t.match(noCommand.output, /unknown command frobnicate/);
  if (!FEATURES.tls13.built) {
    const psk = await runTlslite(['client', '--psk', '00ff', '127.0.0.1:1']);
    t.equal(psk.code, 2, 'feature not built: status 2');
    t.match(psk.output, /--psk needs TLS 1\.3, which this version of tlslite-ng does not have yet/);
    t.notMatch(psk.output, /usage:/, 'a clear message, not the usage');
  }
  if (!FEATURES.srp.built) {
    const srp = await runTlslite(['server', '-v', 'verifiers.db', '127.0.0.1:0']);
    t.equal(srp.code, 2);
    t.match(srp.output, /-v needs SRP/);
  }
  const refused = await runTlslite(['client', '127.0.0.1:1']);
  t.equal(refused.code, 1, 'connection refused: status 1');
  t.match(refused.output, /ECONNREFUSED/);
  const help = await runTlslite(['client', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /usage: tlslite client/);
});
