/**
 * Building a protection state from what the handshake negotiated: the
 * protocol version, the cipher suite's record algorithms (a `CipherSpec`)
 * and the keys from the key block. Every primitive comes from the
 * connection's CryptoProvider.
 *
 * @module
 */
import type { AeadName, BlockCipherName, CryptoProvider, HashName, StreamCipherName } from '../../crypto/provider.js';
import { ProtocolVersion } from '../../constants.js';
import type { ProtectionState } from '../types.js';
import { AeadProtection, type NonceMode } from './aead.js';
import { CbcProtection } from './cbc.js';
import { EtmProtection } from './etm.js';
import { tlsMac, type RecordMac } from './mac.js';
import { NullProtection } from './null.js';
import { ssl3Mac } from './ssl3.js';
import { StreamProtection } from './stream.js';
import { Tls13AeadProtection, type Tls13PaddingCallback } from './tls13-aead.js';

export { NullProtection } from './null.js';
export { StreamProtection } from './stream.js';
export { CbcProtection, type CbcOptions } from './cbc.js';
export { EtmProtection, type EtmOptions } from './etm.js';
export { AeadProtection, type AeadOptions, type NonceMode, EXPLICIT_NONCE_LENGTH } from './aead.js';
export { Tls13AeadProtection, type Tls13AeadOptions, type Tls13PaddingCallback } from './tls13-aead.js';
export { tlsMac, hashBlocks, type RecordMac } from './mac.js';
export { ssl3Mac } from './ssl3.js';
export { checkMacAndPadding } from './constant-time.js';

/** The record algorithms of a cipher suite. */
export type CipherSpec =
  | { readonly type: 'null' }
  | { readonly type: 'stream'; readonly cipher: StreamCipherName; readonly mac: HashName }
  | {
      readonly type: 'cbc';
      readonly cipher: BlockCipherName;
      readonly mac: HashName;
      /** Encrypt-then-MAC (RFC 7366) was negotiated. */
      readonly encryptThenMac?: boolean;
    }
  | { readonly type: 'aead'; readonly cipher: AeadName };

/** The keys of one direction, from the key block (RFC 5246 6.3) or the TLS 1.3 key schedule. */
export interface KeyMaterial {
  /** MAC key (empty for AEAD). */
  readonly macKey: Uint8Array;
  /** Cipher key (empty for the NULL cipher). */
  readonly key: Uint8Array;
  /** Fixed IV: the CBC IV (SSLv3, TLS 1.0), the AEAD salt or IV; may be empty otherwise. */
  readonly iv: Uint8Array;
}

/** Settings that shape the protection. */
export interface ProtectionOptions {
  /** Random CBC padding lengths instead of minimal ones (not in SSLv3). Default false. */
  readonly randomPadding?: boolean;
  /** TLS 1.3 record padding of sealed records (RFC 8446 5.4). */
  readonly tls13Padding?: Tls13PaddingCallback | null;
}

/** Which nonce construction an AEAD uses in TLS 1.2 (see aead.ts). */
export function nonceModeOf(cipher: AeadName): NonceMode {
  if (cipher === 'chacha20-poly1305') return 'xor';
  if (cipher === 'chacha20-poly1305_draft00') return 'prefix';
  return 'explicit';
}

function macFor(provider: CryptoProvider, version: number, hash: HashName, key: Uint8Array): RecordMac {
  return version === ProtocolVersion.SSL3 ? ssl3Mac(provider, hash, key) : tlsMac(provider, hash, key);
}

/**
 * A protection state for one direction. `direction` picks the encryptor
 * or the decryptor: a state seals or opens, never both.
 */
export function createProtection(
  provider: CryptoProvider,
  version: number,
  spec: CipherSpec,
  keys: KeyMaterial,
  direction: 'read' | 'write',
  options: ProtectionOptions = {},
): ProtectionState {
  switch (spec.type) {
    case 'null':
      return new NullProtection();
    case 'stream': {
      const mac = macFor(provider, version, spec.mac, keys.macKey);
      const cipher = provider.streamCiphers[spec.cipher].key(keys.key);
      return new StreamProtection(cipher, mac, `${spec.cipher} ${macName(version, spec.mac)}`);
    }
    case 'cbc': {
      const alg = provider.blockCiphers[spec.cipher];
      const b = alg.blockLength;
      const explicitIv = version >= ProtocolVersion.TLS1_1;
      // With an explicit IV the initial chain value does not matter (cbc.ts),
      // so any IV from the key block (tlslite-ng derives one) is ignored.
      const iv = explicitIv ? new Uint8Array(b) : keys.iv;
      const cipher = direction === 'write' ? alg.encryptor(keys.key, iv) : alg.decryptor(keys.key, iv);
      const mac = macFor(provider, version, spec.mac, keys.macKey);
      const common = {
        cipher,
        blockLength: b,
        mac,
        explicitIv,
        random: provider.random,
        randomPadding: options.randomPadding ?? false,
      };
      if (spec.encryptThenMac && version !== ProtocolVersion.SSL3) {
        return new EtmProtection({ ...common, description: `${spec.cipher} cbc ${macName(version, spec.mac)} etm` });
      }
      return new CbcProtection({
        ...common,
        ssl3: version === ProtocolVersion.SSL3,
        description: `${spec.cipher} cbc ${macName(version, spec.mac)}`,
      });
    }
    case 'aead': {
      const alg = provider.aeads[spec.cipher];
      const aead = alg.key(keys.key);
      if (version >= ProtocolVersion.TLS1_3) {
        return new Tls13AeadProtection({
          aead,
          tagLength: alg.tagLength,
          iv: keys.iv,
          description: `${spec.cipher} tls13`,
          padding: direction === 'write' ? options.tls13Padding : null,
        });
      }
      return new AeadProtection({
        aead,
        tagLength: alg.tagLength,
        nonceMode: nonceModeOf(spec.cipher),
        iv: keys.iv,
        description: spec.cipher,
      });
    }
  }
}

function macName(version: number, hash: HashName): string {
  return version === ProtocolVersion.SSL3 ? `ssl3-${hash}` : `hmac-${hash}`;
}
