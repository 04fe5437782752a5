/**
 * An extension block (`Extension extensions<0..2^16-1>`, RFC 5246
 * 7.4.1.4, RFC 8446 4.2) as a typed object: one optional field per
 * known extension (`ext.serverName`), plus the ordered entries with the
 * exact bytes received, for transcripts, PSK binders and unknown types.
 *
 * Parsing rules:
 * - each body is read by a parser bounded to it, and must be consumed
 *   exactly (decode_error otherwise, RFC 8446 4 / RFC 5246 7.4.1.4);
 * - a type may appear once: "There MUST NOT be more than one extension
 *   of the same type" (RFC 5246 7.4.1.4, RFC 8446 4.2). Neither RFC
 *   names the alert; the block decodes fine but is inconsistent, which
 *   is illegal_parameter's definition ("a field in the handshake was
 *   incorrectly formatted or inconsistent with other fields", RFC 8446
 *   6.2) and what OpenSSL sends;
 * - in a ClientHello, pre_shared_key must be last (RFC 8446 4.2.11:
 *   otherwise "fail the handshake with an illegal_parameter alert").
 *
 * @module
 */
import { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { encode } from '../encode.js';
import { ExtensionType } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import type { Extension, ExtensionContext } from './extension.js';
import { OpaqueExtension } from './opaque.js';
import { defaultExtensionRegistry, type ExtensionFields, type ExtensionRegistry } from './registry.js';

/** One extension of the block, in wire order. */
export interface ExtensionEntry {
  readonly type: number;
  /** The exact `extension_data` bytes (as received, or as written). */
  readonly data: Uint8Array;
  /** The parsed form (an `OpaqueExtension` when the type is not parsed in this message). */
  readonly extension: Extension;
  /** True when a registered class parsed it (it then also sits in its typed field). */
  readonly known: boolean;
}

// The typed fields are declared through the interface (declaration merging).
export interface Extensions extends ExtensionFields {}

export class Extensions {
  /** The entries in wire order. */
  readonly entries: readonly ExtensionEntry[];

  private constructor(entries: readonly ExtensionEntry[], registry: ExtensionRegistry) {
    this.entries = entries;
    const fields = this as unknown as Record<string, Extension>;
    for (const e of entries) {
      if (!e.known) continue;
      const field = registry.fieldOf(e.type);
      if (field !== undefined) fields[field] = e.extension;
    }
  }

  /**
   * Reads an extension block, 2-byte length included. Whether the block
   * may be absent (SSLv3/TLS 1.0 hellos) is the message's decision.
   */
  static read(p: Parser, ctx: ExtensionContext, registry: ExtensionRegistry = defaultExtensionRegistry): Extensions {
    const block = p.sub(2, 'extensions');
    const entries: ExtensionEntry[] = [];
    const seen = new Set<number>();
    while (!block.atEnd) {
      const type = block.u16('extension_type');
      const data = block.vector(2, 'extension_data').slice();
      if (seen.has(type)) {
        throw new TLSIllegalParameterException(`duplicate extension ${ExtensionType.nameOf(type)}`);
      }
      seen.add(type);
      const body = new Parser(data);
      const registration = registry.lookup(ctx.message, type);
      const extension = registration ? registration.cls.read(body, ctx) : OpaqueExtension.readAs(type, body);
      body.end(`extension ${ExtensionType.nameOf(type)}`);
      entries.push({ type, data, extension, known: registration !== undefined });
    }
    if (ctx.message === 'client_hello' && seen.has(ExtensionType.pre_shared_key)) {
      if (entries[entries.length - 1]!.type !== ExtensionType.pre_shared_key) {
        throw new TLSIllegalParameterException('pre_shared_key is not the last extension');
      }
    }
    return new Extensions(entries, registry);
  }

  /** A block of `extensions`, in this order (duplicates are a bug: RangeError). */
  static of(extensions: readonly Extension[], ctx?: ExtensionContext, registry = defaultExtensionRegistry): Extensions {
    const seen = new Set<number>();
    const entries = extensions.map((extension) => {
      if (seen.has(extension.type)) throw new RangeError(`duplicate extension ${ExtensionType.nameOf(extension.type)}`);
      seen.add(extension.type);
      const data = encode((w) => extension.write(w, ctx));
      return { type: extension.type, data, extension, known: !(extension instanceof OpaqueExtension) };
    });
    return new Extensions(entries, registry);
  }

  /** Writes the block, 2-byte length included, with each body exactly as held. */
  write(w: Writer): void {
    w.prefixed(2, (w) => {
      for (const e of this.entries) w.u16(e.type).vector16(e.data);
    });
  }

  /** The extension of `type`, parsed or opaque. */
  get(type: number): Extension | undefined {
    return this.entries.find((e) => e.type === type)?.extension;
  }

  /** True when `type` is present. */
  has(type: number): boolean {
    return this.entries.some((e) => e.type === type);
  }

  /** The types in wire order. */
  get types(): number[] {
    return this.entries.map((e) => e.type);
  }

  /** The entries this library does not parse in this message. */
  get unknown(): ExtensionEntry[] {
    return this.entries.filter((e) => !e.known);
  }

  get length(): number {
    return this.entries.length;
  }

  toString(): string {
    return `[${this.entries.map((e) => e.extension.toString()).join(', ')}]`;
  }
}
