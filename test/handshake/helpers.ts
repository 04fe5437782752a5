/**
 * Shared pieces of the handshake building-block tests: the providers
 * (pure, native, default) as complete providers, and the fixture keys
 * bound to each, with their PEM for node:crypto.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { parsePEMKey, type Key } from '../../src/x509/keys.js';
import { providers as cryptoProviders } from '../crypto/providers.js';

/** Every provider label with a provider usable as a complete one (the native one lacks only ML-KEM, unused here). */
export function providers(): { label: string; provider: CryptoProvider }[] {
  return cryptoProviders().map((p) => ({ label: p.label, provider: p.provider as CryptoProvider }));
}

const KEYS = fileURLToPath(new URL('../fixtures/keys/', import.meta.url));

/** Fixture key files, by a short name. */
export const KEY_FILES = {
  rsa: 'rsa2048.pkcs8.pem',
  'rsa-pss': 'rsapss2048.pem',
  p256: 'ec-p256.pkcs8.pem',
  p384: 'ec-p384.pkcs8.pem',
  p521: 'ec-p521.pkcs8.pem',
  ed25519: 'ed25519.pem',
  ed448: 'ed448.pem',
} as const;

export type KeyName = keyof typeof KEY_FILES;

/** A fixture key: private and public halves bound to `provider`, and node:crypto's view of it. */
export interface FixtureKey {
  readonly priv: Key;
  readonly pub: Key;
  readonly nodePrivate: KeyObject;
  readonly nodePublic: KeyObject;
}

export function loadKey(name: KeyName, provider: CryptoProvider): FixtureKey {
  const pem = readFileSync(KEYS + KEY_FILES[name], 'utf8');
  const priv = parsePEMKey(pem, { private: true, provider });
  const pub = parsePEMKey(pem, { public: true, provider });
  const nodePrivate = createPrivateKey(pem);
  return { priv, pub, nodePrivate, nodePublic: createPublicKey(nodePrivate) };
}

/** Every message-sized random value tests need. */
export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n)));
}
