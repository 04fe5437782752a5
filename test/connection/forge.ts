/**
 * Test helpers for hostile-peer tests: protected records a well-behaved
 * engine would never send (too large, unexpected content types, forged
 * heartbeats), sealed with the connection's real keys taken from the key
 * log, so the receiver decrypts them and must judge their content.
 * Not a test file itself.
 */
import { ContentType, ProtocolVersion } from '../../src/constants.js';
import { fromHex } from '../../src/crypto/bytes.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { deriveKeyBlock } from '../../src/handshake/key-schedule.js';
import { trafficState } from '../../src/handshake/tls13-shared.js';
import { RecordLayer } from '../../src/record/record-layer.js';
import type { ProtectionState } from '../../src/record/types.js';
import { suiteInfo } from '../../src/suites.js';
import { joined, type Side } from './engine-pair.js';

/** The records in a byte stream: content type, header length and where the fragment is. */
export interface WireRecord {
  readonly type: number;
  readonly length: number;
  readonly fragment: Uint8Array;
}

/** Splits everything a side wrote into records. */
export function records(side: Side): WireRecord[] {
  const bytes = joined(side.wire);
  const out: WireRecord[] = [];
  for (let i = 0; i + 5 <= bytes.length; ) {
    const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
    out.push({ type: bytes[i]!, length, fragment: bytes.subarray(i + 5, i + 5 + length) });
    i += 5 + length;
  }
  return out;
}

/**
 * The records a side wrote under protection: in TLS 1.3 every
 * application_data record, in TLS 1.2 everything after its ChangeCipherSpec.
 */
export function protectedRecords(side: Side, tls13: boolean): WireRecord[] {
  const all = records(side);
  if (tls13) return all.filter((r) => r.type === ContentType.application_data);
  const ccs = all.findIndex((r) => r.type === ContentType.change_cipher_spec);
  return ccs < 0 ? [] : all.slice(ccs + 1);
}

/**
 * Seals records as `from` would send them next after the handshake (the
 * connection must not have sent protected records since, apart from
 * `alreadySent` of them). Needs `from`'s key log (Side.keylog) and, for
 * TLS 1.2, the ServerHello on the wire.
 */
export class Forger {
  readonly #state: ProtectionState;
  readonly #version: number;

  constructor(provider: CryptoProvider, from: Side, server: Side, alreadySent = 0) {
    const engine = from.engine;
    const suite = suiteInfo(engine.cipherSuite!)!;
    this.#version = engine.version!;
    if (this.#version >= ProtocolVersion.TLS1_3) {
      const label = engine.isClient ? 'CLIENT_TRAFFIC_SECRET_0' : 'SERVER_TRAFFIC_SECRET_0';
      const line = from.keylog.find((l) => l.startsWith(`${label} `))!;
      this.#state = trafficState(provider, suite, fromHex(line.split(' ')[2]!), 'write');
    } else {
      const line = from.keylog.find((l) => l.startsWith('CLIENT_RANDOM '))!;
      const [, clientRandom, master] = line.split(' ');
      // ServerHello.random: the first record of the server, after the handshake header and version.
      const serverRandom = records(server)[0]!.fragment.slice(4 + 2, 4 + 2 + 32);
      const { spec, keyBlock } = deriveKeyBlock(provider, this.#version, suite, fromHex(master!), fromHex(clientRandom!), serverRandom, engine.session?.encryptThenMAC ?? false);
      const layer = new RecordLayer({ provider, version: this.#version });
      layer.installKeyBlock({ version: this.#version, spec, keyBlock, isClient: engine.isClient });
      layer.sendChangeCipherSpec();
      this.#state = layer.writeState;
      // The Finished went out under sequence number 0.
      this.#state.sequence.take();
    }
    for (let i = 0; i < alreadySent; i++) this.#state.sequence.take();
  }

  /** One protected record of `contentType` holding `content` (no size limit applied). */
  seal(contentType: number, content: Uint8Array): Uint8Array {
    const recordVersion = this.#version >= ProtocolVersion.TLS1_3 ? ProtocolVersion.TLS1_2 : this.#version;
    return this.#state.seal(contentType, recordVersion, content);
  }
}
