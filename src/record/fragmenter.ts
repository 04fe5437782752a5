/**
 * Outgoing fragmentation (RFC 5246 6.2.1, RFC 8449): application data and
 * handshake messages cut into records of at most the plaintext limit, with
 * handshake messages coalesced where they fit, and the 1/n-1 split for CBC
 * with an implicit IV.
 *
 * @module
 */

/**
 * Cuts application data into record-sized views (no copies).
 *
 * With `splitFirst`, the first record carries one byte and the rest
 * follows in full records: the 1/n-1 split against BEAST (CVE-2011-3389).
 * In SSLv3 and TLS 1.0 the IV of a CBC record is the last ciphertext block
 * of the previous one, which an attacker who sees it can use to choose the
 * first plaintext block of the next record; a first record of one byte,
 * whose MAC (unknown to the attacker) fills the rest of its blocks, takes
 * that choice away. Zero-length data yields no records.
 */
export function fragmentData(data: Uint8Array, maxFragment: number, splitFirst = false): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  if (splitFirst && data.length > 1) {
    out.push(data.subarray(0, 1));
    pos = 1;
  }
  while (pos < data.length) {
    const end = Math.min(pos + maxFragment, data.length);
    out.push(data.subarray(pos, end));
    pos = end;
  }
  return out;
}

/**
 * Collects outgoing handshake messages and packs them into as few records
 * as possible: several messages share a record while they fit, and a long
 * message continues into the next record (RFC 5246 6.2.1 allows both).
 */
export class HandshakeCoalescer {
  #messages: Uint8Array[] = [];
  #length = 0;

  /** Bytes queued. */
  get length(): number {
    return this.#length;
  }

  /** Queues one whole handshake message (header included). */
  add(message: Uint8Array): void {
    if (message.length === 0) return;
    this.#messages.push(message);
    this.#length += message.length;
  }

  /**
   * Everything queued, as fragments of at most `maxFragment` bytes, and
   * empties the queue. A fragment that is exactly one queued message is
   * returned as that message (no copy).
   */
  take(maxFragment: number): Uint8Array[] {
    const messages = this.#messages;
    const total = this.#length;
    this.#messages = [];
    this.#length = 0;
    if (total === 0) return [];
    if (messages.length === 1) return fragmentData(messages[0]!, maxFragment);
    const out: Uint8Array[] = [];
    let current = new Uint8Array(Math.min(maxFragment, total));
    let filled = 0;
    let remaining = total;
    for (const m of messages) {
      let pos = 0;
      while (pos < m.length) {
        const n = Math.min(m.length - pos, current.length - filled);
        // A whole message is copied as it is: a view of a small array
        // would make V8 move it out of the JavaScript heap first.
        current.set(n === m.length ? m : m.subarray(pos, pos + n), filled);
        filled += n;
        pos += n;
        remaining -= n;
        if (filled === current.length) {
          out.push(current);
          if (remaining === 0) break;
          current = new Uint8Array(Math.min(maxFragment, remaining));
          filled = 0;
        }
      }
    }
    return out;
  }
}
