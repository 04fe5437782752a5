/**
 * Test helper: rewrites one plaintext handshake message (a ClientHello or
 * ServerHello) in bytes an engine writes, fixing the record and message
 * lengths, so a test can add or remove a hello extension on the wire.
 * Not a test file itself.
 */
import { ContentType } from '../../src/constants.js';

/** Offset of the extensions length in a ClientHello (type 1) or ServerHello (type 2) body. */
function extensionsOffset(type: number, body: Uint8Array): number {
  let i = 2 + 32;
  i += 1 + body[i]!; // session id
  if (type === 1) {
    i += 2 + ((body[i]! << 8) | body[i + 1]!); // cipher suites
    i += 1 + body[i]!; // compression methods
  } else {
    i += 2 + 1; // cipher suite, compression method
  }
  return i;
}

/** The body with `extension` (type, data) appended to its extensions. */
export function addExtension(type: number, data: Uint8Array): (msgType: number, body: Uint8Array) => Uint8Array {
  return (msgType, body) => {
    const at = extensionsOffset(msgType, body);
    const length = (body[at]! << 8) | body[at + 1]!;
    const ext = Uint8Array.of(type >> 8, type & 0xff, data.length >> 8, data.length & 0xff, ...data);
    const out = new Uint8Array(body.length + ext.length);
    out.set(body.subarray(0, at + 2 + length));
    out.set(ext, at + 2 + length);
    out.set(body.subarray(at + 2 + length), at + 2 + length + ext.length);
    const total = length + ext.length;
    out[at] = total >> 8;
    out[at + 1] = total & 0xff;
    return out;
  };
}

/** The body without the extension of `type`. */
export function removeExtension(type: number): (msgType: number, body: Uint8Array) => Uint8Array {
  return (msgType, body) => {
    const at = extensionsOffset(msgType, body);
    const length = (body[at]! << 8) | body[at + 1]!;
    const kept: number[] = [];
    for (let i = at + 2; i < at + 2 + length; ) {
      const t = (body[i]! << 8) | body[i + 1]!;
      const n = (body[i + 2]! << 8) | body[i + 3]!;
      if (t !== type) kept.push(...body.subarray(i, i + 4 + n));
      i += 4 + n;
    }
    return Uint8Array.of(...body.subarray(0, at), kept.length >> 8, kept.length & 0xff, ...kept, ...body.subarray(at + 2 + length));
  };
}

/**
 * A wire filter (for `pair`'s toServer/toClient) applying `edit` to the
 * body of the first handshake message of `msgType` found in a plaintext
 * handshake record (the message must sit whole in one record).
 */
export function editHello(msgType: number, edit: (msgType: number, body: Uint8Array) => Uint8Array): (bytes: Uint8Array) => Uint8Array {
  let done = false;
  return (bytes) => {
    if (done) return bytes;
    const out: number[] = [];
    for (let i = 0; i + 5 <= bytes.length; ) {
      const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
      let payload = bytes.subarray(i + 5, i + 5 + length);
      if (!done && bytes[i] === ContentType.handshake) {
        const parts: number[] = [];
        for (let j = 0; j + 4 <= payload.length; ) {
          const n = (payload[j + 1]! << 16) | (payload[j + 2]! << 8) | payload[j + 3]!;
          let body = payload.subarray(j + 4, j + 4 + n);
          const type = payload[j]!;
          if (type === msgType && !done) {
            body = edit(type, body);
            done = true;
          }
          parts.push(type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff, ...body);
          j += 4 + n;
        }
        payload = Uint8Array.from(parts);
      }
      out.push(bytes[i]!, bytes[i + 1]!, bytes[i + 2]!, payload.length >> 8, payload.length & 0xff, ...payload);
      i += 5 + length;
    }
    return Uint8Array.from(out);
  };
}
