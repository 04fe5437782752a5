/**
 * cookie (RFC 8446 4.2.2): `opaque cookie<1..2^16-1>`.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { shortHex, type Extension } from './extension.js';

export class CookieExtension implements Extension {
  static readonly type = ExtensionType.cookie;
  readonly type = ExtensionType.cookie;
  readonly cookie: Uint8Array;

  constructor(cookie: Uint8Array) {
    this.cookie = cookie.slice();
  }

  static read(p: Parser): CookieExtension {
    return new CookieExtension(p.vector(2, 'cookie', 1));
  }

  write(w: Writer): void {
    w.vector16(this.cookie);
  }

  toString(): string {
    return `cookie(${shortHex(this.cookie)})`;
  }
}
