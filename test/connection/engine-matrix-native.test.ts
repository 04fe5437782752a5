/**
 * The handshake matrix (engine-matrix.ts) on the default provider: native
 * (OpenSSL through the addon) wherever the addon serves an algorithm.
 */
import { defaultProvider } from '../../src/crypto/select.js';
import { matrix } from './engine-matrix.js';

matrix('native', defaultProvider());
