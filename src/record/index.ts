/**
 * The record layer: framing, fragmentation, handshake reassembly and the
 * per-direction protection states (see record-layer.ts).
 *
 * @module
 */
export { RecordLayer, type RecordLayerOptions, type KeyBlockParams } from './record-layer.js';
export { EarlyDataSkipper, type EarlyDataSkipMode } from './early-data-skip.js';
export { Deframer, type RawRecord, type DeframerOptions } from './deframer.js';
export { HandshakeReassembler, HANDSHAKE_HEADER_LENGTH } from './handshake-reassembler.js';
export { fragmentData, HandshakeCoalescer } from './fragmenter.js';
export { allocateOutput, releaseOutput } from './output-pool.js';
export { SequenceNumber, TLSSequenceNumberExhausted } from './sequence.js';
export { keySizes, keyBlockLength, splitKeyBlock, type KeySizes } from './key-block.js';
export * from './protection/index.js';
export type { ProtectionState, OpenedRecord, RecordEvent, HandshakeMessage } from './types.js';
export { RECORD_HEADER_LENGTH } from './types.js';
