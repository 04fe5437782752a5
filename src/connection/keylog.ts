/**
 * The NSS key log format (what SSLKEYLOGFILE files hold, read by Wireshark
 * and tshark): one line per secret, `<LABEL> <client random hex> <secret
 * hex>`. https://nss-crypto.org/reference/security/nss/legacy/key_log_format/
 *
 * @module
 */
import { toHex } from '../crypto/bytes.js';

/** One key log line, without its newline. */
export function keyLogLine(label: string, clientRandom: Uint8Array, secret: Uint8Array): string {
  return `${label} ${toHex(clientRandom)} ${toHex(secret)}`;
}
