/** The handshake matrix (engine-matrix.ts) on the pure TypeScript provider. */
import { pureProvider } from '../../src/crypto/pure/index.js';
import { matrix } from './engine-matrix.js';

matrix('pure', pureProvider);
