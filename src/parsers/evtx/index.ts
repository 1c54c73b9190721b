/** EVTX decoding core: public API. */

import {EvtxChunkStream, EvtxRecordStream, type ReadEvtxOptions} from './reader.js'

export {EvtxPool} from './pool.js'
export {crc32} from './crc32.js'
export {isEvtxHeader, readFileHeader, type FileHeader} from './file-header.js'
export {readChunkHeader, chunkHeaderCrc, eventsCrc, hasChunkMagic, ChunkFlags, type ChunkHeader} from './chunk-header.js'
export {decodeChunk, newScratch, type ChunkJob, type ChunkResult, type EvtxOutput} from './chunk.js'
export {EvtxDecodeError} from './errors.js'
export * from './constants.js'
export type {ReadEvtxOptions, EvtxRecord, EvtxStats} from './reader.js'
export {EvtxChunkStream, EvtxRecordStream}

/** Records of an EVTX file in file order (async iterable; `.stats` once done). */
export function readEvtx(path: string, options: ReadEvtxOptions): EvtxRecordStream {
  return new EvtxRecordStream(path, options)
}

/** Decoded chunks in file order: for bulk output write `chunk.text` (JSON lines / XML lines) as is. */
export function readEvtxChunks(path: string, options: ReadEvtxOptions): EvtxChunkStream {
  return new EvtxChunkStream(path, options)
}
