/**
 * The server side of STARTTLS: small SMTP, IMAP and POP3 greeting
 * servers of ours that speak the plaintext part, answer the STARTTLS/STLS
 * command and upgrade the socket in place with startTLSServer, driven by
 * `openssl s_client -starttls smtp|imap|pop3`; then one command over TLS
 * whose answer names the negotiated version and cipher. Also: our
 * clients against our servers (both sides in place), and plaintext
 * injected after STARTTLS (CVE-2011-0411) never read as a command.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { LineChannel, MailProtocolError } from '../../src/integration/starttls/line-channel.js';
import { startTLSServer } from '../../src/integration/starttls/upgrade.js';
import { SMTPClient } from '../../src/integration/starttls/smtp.js';
import { IMAPClient } from '../../src/integration/starttls/imap.js';
import { POP3Client } from '../../src/integration/starttls/pop3.js';
import type { TLSConnection } from '../../src/connection/tls-connection.js';
import { opensslClient, parseOpenSSLOutput, skipUnless, usePeers, PEER_TIMEOUT_MS } from '../interop/peers.js';
import { credentials, providerLabels, providerOf, type ProviderLabel } from '../interop/ours.js';

usePeers(t);

type Protocol = 'smtp' | 'imap' | 'pop3';

/** What a protocol's server says: its greeting and its answer to each line (with the TLS connection once upgraded). */
interface Dialogue {
  greeting: string;
  /** Lines to send for `line`; "STARTTLS" means: send them, then upgrade. */
  answer(line: string, tls: TLSConnection | undefined): { lines: string[]; upgrade?: boolean; close?: boolean };
}

function secureText(tls: TLSConnection | undefined): string {
  return tls ? `secure ${tls.getVersionName()} ${tls.getCipherName()}` : 'plaintext';
}

const dialogues: Record<Protocol, () => Dialogue> = {
  smtp: () => ({
    greeting: '220 ours.test ESMTP tlslite-ng',
    answer(line, tls) {
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'EHLO') return { lines: ['250-ours.test', tls ? '250 AUTH PLAIN' : '250 STARTTLS'] };
      if (verb === 'STARTTLS' && !tls) return { lines: ['220 2.0.0 Ready to start TLS'], upgrade: true };
      if (verb === 'NOOP') return { lines: [`250 ${secureText(tls)}`] };
      if (verb === 'QUIT') return { lines: ['221 bye'], close: true };
      return { lines: ['502 not implemented'] };
    },
  }),
  imap: () => ({
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ours.test ready',
    answer(line, tls) {
      const [tag = '*', command = ''] = line.split(' ');
      switch (command.toUpperCase()) {
        case 'CAPABILITY':
          return { lines: [`* CAPABILITY IMAP4rev1 ${tls ? 'AUTH=PLAIN' : 'STARTTLS LOGINDISABLED'}`, `${tag} OK done`] };
        case 'STARTTLS':
          return tls ? { lines: [`${tag} BAD already`] } : { lines: [`${tag} OK Begin TLS negotiation now`], upgrade: true };
        case 'NOOP':
          return { lines: [`* OK ${secureText(tls)}`, `${tag} OK done`] };
        case 'LOGIN':
          return { lines: [tls ? `${tag} OK logged in` : `${tag} NO plaintext`] };
        case 'LOGOUT':
          return { lines: ['* BYE', `${tag} OK bye`], close: true };
        default:
          return { lines: [`${tag} BAD unknown`] };
      }
    },
  }),
  pop3: () => ({
    greeting: '+OK ours.test POP3 ready',
    answer(line, tls) {
      const verb = line.split(' ')[0]!.toUpperCase();
      if (verb === 'CAPA') return { lines: ['+OK', ...(tls ? ['USER'] : ['STLS']), '.'] };
      if (verb === 'STLS' && !tls) return { lines: ['+OK Begin TLS negotiation'], upgrade: true };
      if (verb === 'NOOP') return { lines: [`+OK ${secureText(tls)}`] };
      if (verb === 'USER' || verb === 'PASS') return { lines: [tls ? '+OK' : '-ERR plaintext'] };
      if (verb === 'STAT') return { lines: ['+OK 0 0'] };
      if (verb === 'QUIT') return { lines: ['+OK bye'], close: true };
      return { lines: ['-ERR unknown'] };
    },
  }),
};

/** What our server saw. */
interface Served {
  readonly port: number;
  /** Lines received, in order, with "(tls)" marking those that came over TLS. */
  readonly lines: string[];
  readonly connections: TLSConnection[];
  readonly errors: unknown[];
  /** Resolves when the first client's dialogue ended. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

/** Starts our plaintext-then-TLS server for `protocol` on 127.0.0.1. */
async function ourMailServer(protocol: Protocol, provider: ProviderLabel): Promise<Served> {
  const lines: string[] = [];
  const connections: TLSConnection[] = [];
  const errors: unknown[] = [];
  const sockets = new Set<Duplex>();
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    void serve(socket).then(finished, (error: unknown) => {
      errors.push(error);
      socket.destroy();
      finished();
    });
  });
  const serve = async (socket: net.Socket) => {
    const dialogue = dialogues[protocol]();
    let channel = new LineChannel(socket, { timeout: PEER_TIMEOUT_MS });
    let tls: TLSConnection | undefined;
    await channel.writeLine(dialogue.greeting);
    for (;;) {
      const line = await channel.readLine();
      lines.push(tls ? `(tls) ${line}` : line);
      const { lines: out, upgrade, close } = dialogue.answer(line, tls);
      // One write per answer: s_client reads the STARTTLS answer with a single read.
      await new Promise<void>((resolve, reject) => channel.stream.write(out.map((l) => `${l}\r\n`).join(''), (e) => (e ? reject(e) : resolve())));
      if (upgrade) {
        tls = await startTLSServer(channel, { ...credentials('server-rsa'), provider: providerOf(provider), handshakeTimeout: PEER_TIMEOUT_MS });
        connections.push(tls);
        tls.on('error', () => {});
        sockets.add(tls);
        channel = new LineChannel(tls, { timeout: PEER_TIMEOUT_MS });
      }
      if (close) {
        if (tls) await tls.close(1000);
        else socket.end();
        return;
      }
    }
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port: (server.address() as net.AddressInfo).port, lines, connections, errors, done, close };
}

const probes: Record<Protocol, { command: string; answer: RegExp; quit: string }> = {
  smtp: { command: 'NOOP\n', answer: /250 secure TLS 1\.2 (\S+)/, quit: 'QUIT\n' },
  imap: { command: 'a1 NOOP\n', answer: /\* OK secure TLS 1\.2 (\S+)/, quit: 'a2 LOGOUT\n' },
  pop3: { command: 'NOOP\n', answer: /\+OK secure TLS 1\.2 (\S+)/, quit: 'QUIT\n' },
};

for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
  t.test(`openssl s_client -starttls ${protocol} -> our server`, { skip: skipUnless('openssl') }, async (t) => {
    for (const provider of providerLabels()) {
      const served = await ourMailServer(protocol, provider);
      // -nocommands: lines starting with Q, R or k are ours to send, not s_client's commands.
      const client = opensslClient({ port: served.port, version: 'tls1_2', extra: ['-starttls', protocol, '-nocommands'] });
      await client.waitFor(/Verify return code|CONNECTED/);
      await client.waitFor(/---\s*$|Verify return code: \d+/m);
      client.write(probes[protocol].command);
      const m = await client.waitFor(probes[protocol].answer);
      const tls = served.connections[0]!;
      t.ok(tls, `${provider}: the server upgraded in place`);
      t.equal(m[1], tls.getCipherName(), `${provider}: the answer over TLS names the cipher our side runs`);
      t.equal(parseOpenSSLOutput(client.output).protocol, 'TLSv1.2', `${provider}: s_client negotiated TLS 1.2`);
      const plaintext = served.lines.filter((l) => !l.startsWith('(tls)'));
      t.same(served.lines.filter((l) => l.startsWith('(tls)')), [`(tls) ${probes[protocol].command.trim()}`], `${provider}: the probe came over TLS`);
      t.match(plaintext[plaintext.length - 1], /STARTTLS|STLS/i, `${provider}: the last plaintext line was the STARTTLS command`);
      client.write(probes[protocol].quit);
      await served.done;
      t.same(served.errors, [], `${provider}: the dialogue ended cleanly (close_notify both ways)`);
      t.same((await client.waitExit()).code, 0, `${provider}: s_client saw a clean end`);
      await served.close();
    }
  });
}

t.test('our clients -> our servers: both sides upgrade in place', async (t) => {
  for (const provider of providerLabels()) {
    const smtpd = await ourMailServer('smtp', provider);
    const smtp = await SMTPClient.connect({ host: '127.0.0.1', port: smtpd.port });
    await smtp.starttls({ provider: providerOf(provider) });
    t.equal((await smtp.command('NOOP')).lines[0], `secure TLS 1.2 ${smtp.connection!.getCipherName()}`, `${provider}: SMTP`);
    await smtp.quit();
    await smtpd.done;
    await smtpd.close();
    t.same(smtpd.errors, []);

    const imapd = await ourMailServer('imap', provider);
    const imap = await IMAPClient.connect({ host: '127.0.0.1', port: imapd.port });
    t.same(imap.capabilities, ['IMAP4REV1', 'STARTTLS', 'LOGINDISABLED'], 'capabilities from the greeting');
    await imap.starttls({ provider: providerOf(provider) });
    t.same(imap.capabilities, ['IMAP4REV1', 'AUTH=PLAIN'], 'asked again over TLS');
    t.same((await imap.command('NOOP')).untagged, [`OK secure TLS 1.2 ${imap.connection!.getCipherName()}`], `${provider}: IMAP`);
    await imap.login('a "quoted" user', 'p\\w');
    t.ok(imapd.lines.includes('(tls) A0004 LOGIN "a \\"quoted\\" user" "p\\\\w"'), 'quoted strings escaped (RFC 3501 9)');
    await imap.logout();
    await imapd.done;
    await imapd.close();

    const pop3d = await ourMailServer('pop3', provider);
    const pop = await POP3Client.connect({ host: '127.0.0.1', port: pop3d.port });
    await pop.stls({ provider: providerOf(provider) });
    t.same(pop.capabilities, ['USER']);
    t.equal(await pop.command('NOOP'), `secure TLS 1.2 ${pop.connection!.getCipherName()}`, `${provider}: POP3`);
    t.same(await pop.stat(), { count: 0, size: 0 });
    await pop.quit();
    await pop3d.done;
    await pop3d.close();
  }
});

t.test('plaintext injected after STARTTLS is never read as a command (CVE-2011-0411)', async (t) => {
  const served = await ourMailServer('smtp', 'native');
  t.teardown(served.close);
  const socket = net.connect(served.port, '127.0.0.1');
  await once(socket, 'connect');
  const channel = new LineChannel(socket);
  await channel.readLine();
  // STARTTLS and a command in one packet: the command must not run, as plaintext or as TLS.
  socket.write('STARTTLS\r\nNOOP\r\n');
  t.match(await channel.readLine(), /^220 /);
  await served.done;
  t.same(served.lines, ['STARTTLS'], 'only STARTTLS was read as a line');
  t.equal(served.connections.length, 0, 'no TLS connection came of it');
  t.equal(served.errors.length, 1, 'the handshake failed on the injected bytes');
  channel.destroy();
});

t.test('LineChannel bounds: a line too long, a closed stream, a timeout, CR/LF in a command', async (t) => {
  const [a, b] = await socketPair();
  const channel = new LineChannel(a, { maxLineLength: 16, timeout: 200 });
  b.write('0123456789abcdef0123');
  await t.rejects(channel.readLine(), MailProtocolError, 'more than maxLineLength without a line end');
  const [c, d] = await socketPair();
  const quiet = new LineChannel(c, { timeout: 100 });
  await t.rejects(quiet.readLine(), { name: 'TimeoutError' });
  t.throws(() => quiet.writeLine('NOOP\r\nQUIT'), RangeError);
  d.end('half a line');
  await t.rejects(quiet.readLine(), MailProtocolError, 'the stream ended mid-line');
  for (const s of [a, b, c, d]) s.destroy();
  t.throws(() => new LineChannel(c, { maxLineLength: 0 }), RangeError);
});

/** Two connected TCP sockets on 127.0.0.1. */
async function socketPair(): Promise<[net.Socket, net.Socket]> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const [accepted] = (await once(server, 'connection')) as [net.Socket];
  await once(client, 'connect').catch(() => {});
  server.close();
  return [client, accepted];
}
