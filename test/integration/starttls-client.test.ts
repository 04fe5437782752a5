/**
 * STARTTLS clients against real servers started by the test on
 * 127.0.0.1: SMTPClient against exim4 (GnuTLS), IMAPClient and POP3Client
 * against dovecot (OpenSSL). The servers only allow authentication over
 * TLS, so a login that succeeds after the upgrade (and is refused or not
 * offered before it) shows the upgrade really happened; session reuse
 * across STARTTLS connections through a shared ClientContext.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { SMTPClient } from '../../src/integration/starttls/smtp.js';
import { IMAPClient } from '../../src/integration/starttls/imap.js';
import { POP3Client } from '../../src/integration/starttls/pop3.js';
import { MailProtocolError } from '../../src/integration/starttls/line-channel.js';
import { ClientContext } from '../../src/integration/client-context.js';
import { Checker } from '../../src/handshake/checker.js';
import { TLSFingerprintError } from '../../src/errors.js';
import { fingerprint, usePeers } from '../interop/peers.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { ALICE_MESSAGE, MAIL_PASSWORD, skipUnlessMail, startDovecot, startExim } from './mail-servers.js';

usePeers(t);

/**
 * A socket to dovecot from 127.0.0.2: dovecot counts a connection whose
 * two ends have the same address as secure (no LOGINDISABLED then), and
 * the plaintext refusal is what the test wants to see. Also exercises
 * the clients' adoption of an already connected socket.
 */
async function fromOtherLoopback(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' });
  await once(socket, 'connect');
  return socket;
}

const pin = () => new Checker({ x509Fingerprint: fingerprint('server-rsa') });

t.test('SMTP STARTTLS against exim4', { skip: skipUnlessMail('exim4') }, async (t) => {
  const exim = await startExim();
  t.teardown(exim.stop);
  for (const provider of providerLabels()) {
    const smtp = await SMTPClient.connect({ host: '127.0.0.1', port: exim.port, localName: 'client.test' });
    t.equal(smtp.greeting.code, 220, `${provider}: greeting`);
    t.match(smtp.greeting.lines[0], /mail\.test ESMTP Exim/);
    await smtp.ehlo();
    t.ok(smtp.hasExtension('STARTTLS'), 'STARTTLS offered in plaintext');
    t.notOk(smtp.hasExtension('AUTH'), 'no AUTH in plaintext');
    await t.rejects(smtp.login('user', MAIL_PASSWORD), MailProtocolError, 'no password before TLS');

    const tls = await smtp.starttls({ provider: providerOf(provider), checker: pin() });
    t.ok(smtp.secure);
    t.equal(tls.getVersionName(), 'TLS 1.2', `${provider}: TLS 1.2 with exim's GnuTLS`);
    t.equal(tls.getCipherImplementation(), provider === 'pure' ? 'pure' : tls.getCipherImplementation());
    t.notOk(smtp.hasExtension('STARTTLS'), 'STARTTLS no longer offered after the upgrade (a fresh EHLO)');
    t.equal(smtp.extensions.get('AUTH'), 'PLAIN', 'AUTH PLAIN offered over TLS');
    const auth = await smtp.login('user', MAIL_PASSWORD);
    t.equal(auth.code, 235, `${provider}: authenticated over TLS`);
    const rcpt = await smtp.command('MAIL FROM:<user@mail.test>');
    t.equal(rcpt.code, 250);
    const quit = await smtp.quit();
    t.equal(quit.code, 221);
  }

  const bad = await SMTPClient.connect({ host: '127.0.0.1', port: exim.port });
  await bad.starttls();
  const refused = await bad.command(`AUTH PLAIN ${Buffer.from(`\0user\0wrong`).toString('base64')}`);
  t.equal(refused.code, 535, 'a wrong password is refused');
  await bad.quit();

  const pinned = await SMTPClient.connect({ host: '127.0.0.1', port: exim.port });
  await t.rejects(pinned.starttls({ checker: new Checker({ x509Fingerprint: fingerprint('server-ecdsa') }) }), TLSFingerprintError);
  pinned.close();
});

t.test('IMAP STARTTLS against dovecot, and POP3 STLS', { skip: skipUnlessMail('dovecot') }, async (t) => {
  const dovecot = await startDovecot();
  t.teardown(dovecot.stop);
  for (const provider of providerLabels()) {
    const imap = await IMAPClient.connect({ host: '127.0.0.1', port: dovecot.imapPort, socket: await fromOtherLoopback(dovecot.imapPort) });
    t.match(imap.greeting, /^OK\b/, `${provider}: greeting`);
    await imap.capability();
    t.ok(imap.hasCapability('STARTTLS'), 'STARTTLS offered');
    t.ok(imap.hasCapability('LOGINDISABLED'), 'LOGIN disabled in plaintext');
    const plain = await imap.command(`LOGIN alice ${MAIL_PASSWORD}`);
    t.not(plain.status, 'OK', 'dovecot refuses a plaintext LOGIN');

    const tls = await imap.starttls({ provider: providerOf(provider), checker: pin() });
    t.equal(tls.getVersionName(), 'TLS 1.2', `${provider}: TLS 1.2`);
    t.notOk(imap.hasCapability('LOGINDISABLED'), 'LOGIN allowed over TLS');
    t.notOk(imap.hasCapability('STARTTLS'), 'no second STARTTLS');
    await imap.login('alice', MAIL_PASSWORD);
    const select = await imap.command('SELECT INBOX');
    t.equal(select.status, 'OK');
    t.ok(select.untagged.includes('1 EXISTS'), 'the one message in alice\'s INBOX');
    const fetched = await imap.command('FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]');
    t.match(fetched.untagged.join('\n'), /Subject: hello/, 'a literal read over TLS');
    await imap.logout();

    const pop = await POP3Client.connect({ host: '127.0.0.1', port: dovecot.pop3Port, socket: await fromOtherLoopback(dovecot.pop3Port) });
    await pop.capa();
    t.ok(pop.hasCapability('STLS'), `${provider}: STLS offered`);
    await t.rejects(pop.command('USER alice'), MailProtocolError, 'dovecot refuses USER in plaintext');
    const popTls = await pop.stls({ provider: providerOf(provider), checker: pin() });
    t.equal(popTls.getVersionName(), 'TLS 1.2');
    t.notOk(pop.hasCapability('STLS'), 'no second STLS');
    await pop.login('alice', MAIL_PASSWORD);
    t.same(await pop.stat(), { count: 1, size: Buffer.byteLength(ALICE_MESSAGE) }, `${provider}: STAT over TLS`);
    await pop.quit();
  }

  // One ClientContext for several connections: the second STARTTLS resumes the first session.
  const context = new ClientContext({ checker: pin() });
  const first = await IMAPClient.connect({ host: '127.0.0.1', port: dovecot.imapPort, socket: await fromOtherLoopback(dovecot.imapPort) });
  t.notOk((await first.starttls({ context })).resumed, 'full handshake first');
  await first.logout();
  const second = await IMAPClient.connect({ host: '127.0.0.1', port: dovecot.imapPort, socket: await fromOtherLoopback(dovecot.imapPort) });
  t.ok((await second.starttls({ context })).resumed, 'the second STARTTLS connection resumed the session');
  await second.logout();
});
