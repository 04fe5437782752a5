/**
 * Private instances of real mail servers for the STARTTLS tests, on
 * 127.0.0.1 with free ports, each with its own configuration, spool and
 * logs in a temporary directory (never the system service): Debian's
 * dovecot (IMAP and POP3, OpenSSL) and exim4 (SMTP, GnuTLS), with the
 * RSA fixture certificate.
 *
 * Both run as root here (CI runs as root: it installs with apt-get);
 * dovecot as another user drops to that user for its own processes.
 *
 * What they enforce, so the tests can tell TLS from plaintext:
 * - dovecot: `disable_plaintext_auth`, so LOGIN/USER-PASS only work after
 *   STARTTLS/STLS (LOGINDISABLED in plaintext); one user "alice" with
 *   password "secret" and one message in her Maildir.
 * - exim: AUTH is advertised and accepted only over TLS; user "user",
 *   password "secret".
 *
 * @module
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PeerProcess, cert, freePort, hasCommand, waitForPort } from '../interop/peers.js';

/** The password of the test users. */
export const MAIL_PASSWORD = 'secret';

/** The message in alice's mailbox (its size is what POP3 STAT reports). */
export const ALICE_MESSAGE = 'From: bob@example.test\r\nTo: alice@example.test\r\nSubject: hello\r\n\r\nover TLS\r\n';

/** The skip reason when a server binary is missing, or false. */
export function skipUnlessMail(which: 'dovecot' | 'exim4'): string | false {
  const found = which === 'dovecot' ? hasCommand('dovecot', ['--version']) : hasCommand('exim4', ['-bV']);
  if (found) return false;
  const pkg = which === 'dovecot' ? 'dovecot-imapd and dovecot-pop3d' : 'exim4-daemon-light';
  return `${which} is not installed (Debian packages ${pkg}); these STARTTLS tests need it`;
}

/** A temporary directory other users can enter (the servers drop privileges to read it). */
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  // The servers read the certificate after dropping root: their own readable copies.
  for (const name of ['server-rsa.chain.pem', 'server-rsa.key.pem']) {
    fs.copyFileSync(cert(name), path.join(dir, name));
    fs.chmodSync(path.join(dir, name), 0o644);
  }
  return dir;
}

/** A running server and where it listens. */
export interface MailServer {
  readonly peer: PeerProcess;
  readonly dir: string;
  stop(): Promise<void>;
}

/** A running dovecot. */
export interface Dovecot extends MailServer {
  readonly imapPort: number;
  readonly pop3Port: number;
}

/** Starts dovecot (IMAP and POP3 with STARTTLS/STLS) in the foreground; resolves when both ports accept. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = tempDir('tlslite-dovecot-');
  const [imapPort, pop3Port] = [await freePort(), await freePort()];
  const root = process.getuid?.() === 0;
  // Mail processes must not run as root: "nobody" owns alice's mailbox. As another user, everything runs as that user.
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  const maildir = path.join(dir, 'home', 'alice', 'Maildir');
  for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
  fs.writeFileSync(path.join(maildir, 'new', '1700000000.M1P1.test'), ALICE_MESSAGE);
  for (const p of ['home', 'home/alice', 'home/alice/Maildir', 'home/alice/Maildir/new', 'home/alice/Maildir/cur', 'home/alice/Maildir/tmp', 'home/alice/Maildir/new/1700000000.M1P1.test']) {
    fs.chownSync(path.join(dir, p), uid, gid);
  }
  const user = os.userInfo().username;
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = tlslite-test-${imapPort}
protocols = imap pop3
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/server-rsa.chain.pem
ssl_key = <${dir}/server-rsa.key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {
  driver = static
  args = password=${MAIL_PASSWORD}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
first_valid_uid = 1
mail_location = maildir:~/Maildir
${root ? '' : `default_login_user = ${user}\ndefault_internal_user = ${user}\n`}
# One long-lived login process (service_count = 0, "performance mode"):
# OpenSSL's session cache and ticket key live in it, so sessions resume.
service imap-login {
  service_count = 0
  process_min_avail = 1
  process_limit = 1
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${pop3Port}
  }
  inet_listener pop3s {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), conf);
  const peer = new PeerProcess('dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')]);
  const stop = async () => {
    await peer.stop(3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitForPort(imapPort), waitForPort(pop3Port)]);
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '';
    await stop();
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${peer.tail()}\n${log}`);
  }
  return { peer, dir, imapPort, pop3Port, stop };
}

/** A running exim. */
export interface Exim extends MailServer {
  readonly port: number;
}

/** Starts exim4 as an SMTP daemon in the foreground (-bdf) with STARTTLS; resolves when its port accepts. */
export async function startExim(): Promise<Exim> {
  const dir = tempDir('tlslite-exim-');
  const port = await freePort();
  for (const sub of ['spool', 'log']) {
    fs.mkdirSync(path.join(dir, sub));
    fs.chmodSync(path.join(dir, sub), 0o777);
  }
  // exim's expansion syntax: ${...} and $var are exim's, hence the escapes.
  const conf = `
keep_environment =
spool_directory = ${dir}/spool
log_file_path = ${dir}/log/%slog
pid_file_path = ${dir}/exim.pid
daemon_smtp_ports = ${port}
local_interfaces = 127.0.0.1
primary_hostname = mail.test
tls_advertise_hosts = *
tls_certificate = ${dir}/server-rsa.chain.pem
tls_privatekey = ${dir}/server-rsa.key.pem
auth_advertise_hosts = \${if eq{\$tls_in_cipher}{}{}{*}}
acl_smtp_rcpt = acl_rcpt
acl_smtp_data = acl_data
begin acl
acl_rcpt:
  accept authenticated = *
  deny message = authentication required
acl_data:
  deny message = this test server stores no mail
begin authenticators
plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{\$auth2}{user}}{eq{\$auth3}{${MAIL_PASSWORD}}}}}
  server_set_id = \$auth2
  server_advertise_condition = \${if def:tls_in_cipher}
`;
  fs.writeFileSync(path.join(dir, 'exim.conf'), conf);
  const peer = new PeerProcess('exim4', ['-bdf', '-C', path.join(dir, 'exim.conf')]);
  const stop = async () => {
    await peer.stop(3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port);
  } catch (error) {
    const logFile = path.join(dir, 'log', 'mainlog');
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    await stop();
    throw new Error(`exim did not start: ${(error as Error).message}\n${peer.tail()}\n${log}`);
  }
  return { peer, dir, port, stop };
}
