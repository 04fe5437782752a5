/** Byte codec for TLS structures: bounds-checked Parser, back-patching Writer. @module */
export { Parser, type PrefixWidth } from './parser.js';
export { Writer } from './writer.js';
