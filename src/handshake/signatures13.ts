/**
 * CertificateVerify in TLS 1.3 (RFC 8446 4.4.3): the signature covers
 *
 *     64 x 0x20 || "TLS 1.3, server CertificateVerify" (or client) || 0x00 || Transcript-Hash
 *
 * with the schemes TLS 1.3 allows (RFC 8446 4.2.3): rsa_pss_rsae_* for
 * rsaEncryption keys, rsa_pss_pss_* for RSASSA-PSS keys, ECDSA bound to
 * its curve (ecdsa_secp256r1_sha256 only with P-256 ...), Ed25519 and
 * Ed448. RSASSA-PKCS1-v1_5 and SHA-1/SHA-224 schemes "MUST NOT be used"
 * in CertificateVerify: a peer that signs with one gets illegal_parameter.
 *
 * @module
 */
import { SignatureScheme } from '../constants.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { concatBytes } from '../crypto/bytes.js';
import { RSAKey } from '../crypto/rsa/key.js';
import { ECDSAKey } from '../crypto/ecdsa-key.js';
import { EdDSAKey } from '../crypto/eddsa-key.js';
import { TLSDecryptError, TLSHandshakeFailure, TLSIllegalParameterException } from '../errors.js';
import { CertificateVerify } from '../messages/certificate-verify.js';
import { DigitallySigned } from '../messages/digitally-signed.js';
import { keyType, type Key } from '../x509/keys.js';
import { schemeFitsKey, signatureSchemeInfo, supportedSignatureSchemes, type SignatureSchemeInfo, type SignatureSettings } from './signatures.js';

/** The ECDSA schemes of TLS 1.3 and the curve each requires (RFC 8446 4.2.3). */
const ECDSA_CURVE: Readonly<Record<number, string>> = {
  [SignatureScheme.ecdsa_secp256r1_sha256]: 'secp256r1',
  [SignatureScheme.ecdsa_secp384r1_sha384]: 'secp384r1',
  [SignatureScheme.ecdsa_secp521r1_sha512]: 'secp521r1',
};

/** True when `code` may sign a TLS 1.3 CertificateVerify at all. */
export function isTls13Scheme(code: number): boolean {
  const info = signatureSchemeInfo(code);
  if (info === undefined) return false;
  if (info.kind === 'ecdsa') return ECDSA_CURVE[code] !== undefined;
  return info.kind !== 'rsa_pkcs1';
}

/** Whether `key` can make `info` in TLS 1.3 (ECDSA: the key's curve must be the scheme's). */
function fitsKey13(info: SignatureSchemeInfo, key: Key): boolean {
  if (!isTls13Scheme(info.code) || !schemeFitsKey(info, key)) return false;
  if (info.kind === 'ecdsa') return key instanceof ECDSAKey && key.curveName === ECDSA_CURVE[info.code];
  return true;
}

/** The TLS 1.3 schemes our settings allow, most preferred first (what we accept and ask for). */
export function tls13SignatureSchemes(settings: SignatureSettings): number[] {
  return supportedSignatureSchemes(settings).filter(isTls13Scheme);
}

/**
 * Our scheme for `key`: the first of our TLS 1.3 preferences the key can
 * make and the peer listed (RFC 8446 4.4.2.2).
 * @throws TLSHandshakeFailure when there is none.
 */
export function chooseScheme13(settings: SignatureSettings, key: Key, peerSchemes: readonly number[] | undefined): number {
  if (peerSchemes === undefined) throw new TLSHandshakeFailure('the peer sent no signature_algorithms (RFC 8446 4.2.3 requires it)');
  const offered = new Set(peerSchemes);
  for (const code of supportedSignatureSchemes(settings, key)) {
    if (offered.has(code) && fitsKey13(signatureSchemeInfo(code)!, key)) return code;
  }
  throw new TLSHandshakeFailure(`no TLS 1.3 signature scheme in common for our ${keyType(key)} key`);
}

const SPACES = new Uint8Array(64).fill(0x20);
const CONTEXT = {
  server: new TextEncoder().encode('TLS 1.3, server CertificateVerify\0'),
  client: new TextEncoder().encode('TLS 1.3, client CertificateVerify\0'),
};

/** The content a TLS 1.3 CertificateVerify signs (RFC 8446 4.4.3). */
export function certificateVerifyContent(sender: 'server' | 'client', transcriptHash: Uint8Array): Uint8Array {
  return concatBytes(SPACES, CONTEXT[sender], transcriptHash);
}

/** Our CertificateVerify with `key` under `scheme` (from `chooseScheme13`). */
export async function signCertificateVerify13(
  provider: CryptoProvider,
  key: Key,
  scheme: number,
  sender: 'server' | 'client',
  transcriptHash: Uint8Array,
): Promise<CertificateVerify> {
  const info = signatureSchemeInfo(scheme);
  if (info === undefined || !fitsKey13(info, key)) throw new TypeError(`scheme ${SignatureScheme.nameOf(scheme)} cannot be made with this key in TLS 1.3`);
  const content = certificateVerifyContent(sender, transcriptHash);
  let signature: Uint8Array;
  if (info.kind === 'ed25519' || info.kind === 'ed448') {
    signature = await (key as EdDSAKey).sign(content);
  } else {
    const digest = provider.hashes[info.hash!].digest(content);
    signature =
      key instanceof RSAKey ? await key.sign(digest, { scheme: 'pss', hash: info.hash! }) : await (key as ECDSAKey).sign(digest);
  }
  return new CertificateVerify(new DigitallySigned(scheme, signature));
}

/**
 * Checks the peer's CertificateVerify with its certificate's key: the
 * scheme must be one we offered (`offered`), allowed in TLS 1.3 and fit
 * the key (illegal_parameter otherwise), and the signature must verify
 * (decrypt_error otherwise).
 */
export function verifyCertificateVerify13(
  provider: CryptoProvider,
  key: Key,
  message: CertificateVerify,
  sender: 'server' | 'client',
  transcriptHash: Uint8Array,
  offered: readonly number[],
): void {
  const code = message.algorithm;
  const info = code === undefined ? undefined : signatureSchemeInfo(code);
  if (code === undefined || info === undefined || !offered.includes(code) || !isTls13Scheme(code)) {
    throw new TLSIllegalParameterException(`CertificateVerify uses ${code === undefined ? 'no scheme' : SignatureScheme.nameOf(code)}, which we did not offer for TLS 1.3`);
  }
  if (!fitsKey13(info, key)) {
    throw new TLSIllegalParameterException(`CertificateVerify uses ${SignatureScheme.nameOf(code)}, which the certificate's ${keyType(key)} key cannot make`);
  }
  const content = certificateVerifyContent(sender, transcriptHash);
  let ok = false;
  try {
    if (info.kind === 'ed25519' || info.kind === 'ed448') ok = (key as EdDSAKey).verify(message.signature, content);
    else {
      const digest = provider.hashes[info.hash!].digest(content);
      ok =
        key instanceof RSAKey
          ? key.verify(message.signature, digest, { scheme: 'pss', hash: info.hash! })
          : (key as ECDSAKey).verify(message.signature, digest);
    }
  } catch {
    ok = false;
  }
  if (!ok) throw new TLSDecryptError('CertificateVerify signature does not verify');
}
