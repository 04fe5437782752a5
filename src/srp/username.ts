/**
 * SRP user names: what a VerifierDB accepts and how a name from the
 * network is read.
 *
 * RFC 5054 2.5.1.1 carries the name as `opaque srp_I<1..2^8-1>`, "UTF-8
 * encoded" (2.3: SASLprep is recommended, but the seed and GnuTLS hash the
 * bytes as given, and so do we). A stored name must therefore be 1 to 255
 * bytes of UTF-8, and we also refuse control characters (C0, DEL, C1): they
 * have no place in a name, and refusing them keeps the line-based file
 * format (docs/verifierdb.md) unambiguous.
 *
 * @module
 */

/** Longest user name in UTF-8 bytes (RFC 5054 2.5.1.1: srp_I<1..2^8-1>). */
export const MAX_USERNAME_BYTES = 255;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The first problem with `username`, or undefined when it is a valid SRP user name. */
export function usernameProblem(username: unknown): string | undefined {
  if (typeof username !== 'string') return 'must be a string';
  const bytes = encoder.encode(username);
  if (bytes.length === 0) return 'must not be empty';
  if (bytes.length > MAX_USERNAME_BYTES) return `is ${bytes.length} bytes of UTF-8, more than ${MAX_USERNAME_BYTES}`;
  // A lone surrogate has no UTF-8 form (TextEncoder would substitute U+FFFD).
  if (strictDecoder.decode(bytes) !== username) return 'is not valid Unicode (lone surrogate)';
  for (const ch of username) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `contains the control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  }
  return undefined;
}

/**
 * Checks an SRP user name from the API.
 * @throws TypeError when it is not a string; RangeError (naming `name`)
 *   when it is empty, too long, not Unicode or holds control characters.
 */
export function checkUsername(username: unknown, name = 'username'): asserts username is string {
  if (typeof username !== 'string') throw new TypeError(`${name} must be a string`);
  const problem = usernameProblem(username);
  if (problem !== undefined) throw new RangeError(`${name} ${problem}`);
}

/**
 * A user name received from the network (the srp extension), or undefined
 * when its bytes are not a name any VerifierDB can hold (the server then
 * answers as for an unknown user).
 */
export function usernameFromWire(bytes: Uint8Array): string | undefined {
  let name: string;
  try {
    name = strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
  return usernameProblem(name) === undefined ? name : undefined;
}
