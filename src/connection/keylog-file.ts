/**
 * SSLKEYLOGFILE: when the environment variable names a file, every
 * connection appends its NSS key log lines to it (as browsers, curl and
 * OpenSSL-based tools do), so Wireshark/tshark can decrypt a capture.
 * The variable is read when a connection is created; the file is opened
 * once per path (append, mode 0600) and written synchronously, so a line
 * is on disk before the connection's first application data is sent.
 *
 * Only for debugging: the file is enough to decrypt every connection it
 * names.
 *
 * @module
 */
import fs from 'node:fs';

const open = new Map<string, number>();
const failed = new Set<string>();

function append(file: string, line: string): void {
  if (failed.has(file)) return;
  try {
    let fd = open.get(file);
    if (fd === undefined) {
      fd = fs.openSync(file, 'a', 0o600);
      open.set(file, fd);
    }
    fs.writeSync(fd, `${line}\n`);
  } catch (error) {
    failed.add(file);
    process.emitWarning(`SSLKEYLOGFILE ${file}: ${(error as Error).message}; key log lines are not written`, 'TLSKeyLogWarning');
  }
}

/** A writer for the file SSLKEYLOGFILE names now, or undefined when it is unset or empty. */
export function keyLogFileWriter(env: NodeJS.ProcessEnv = process.env): ((line: string) => void) | undefined {
  const file = env['SSLKEYLOGFILE'];
  if (file === undefined || file === '') return undefined;
  return (line) => append(file, line);
}
