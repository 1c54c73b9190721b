/** Whole files: the file header, and records encoded chunk by chunk into memory or onto disk. */

import {closeSync, openSync, writeSync} from 'node:fs'
import {crc32 as zlibCrc32} from 'node:zlib'

import {concat} from './bytes.js'
import {ChunkBuilder} from './chunk-builder.js'
import type {EvtxEventSpec, WrittenRecord} from './event-spec.js'
import type {EvtxLayout} from './layout.js'
import {normaliseFields} from './template.js'
import {filetimeToIso7, toFiletime} from './time.js'

export interface EvtxWriterOptions {
  /** Close a chunk after this many records even when more would fit (to get several chunks from few records). */
  maxRecordsPerChunk?: number
  /** File header flags: dirty (0x1) / full (0x2). Default 0. */
  fileFlags?: number
  /** Value written as the header's chunk count instead of the real one (headers that undercount). */
  headerChunkCount?: number
}

function fileHeader(chunkCount: number, headerChunkCount: number, nextRecordId: bigint, flags: number): Uint8Array {
  const b = new Uint8Array(0x1000)
  const dv = new DataView(b.buffer)
  b.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 0)
  dv.setBigUint64(8, 0n, true)
  dv.setBigUint64(16, BigInt(Math.max(0, chunkCount - 1)), true)
  dv.setBigUint64(24, nextRecordId, true)
  dv.setUint32(32, 0x80, true)
  dv.setUint16(36, 1, true)
  dv.setUint16(38, 3, true)
  dv.setUint16(40, 0x1000, true)
  dv.setUint16(42, headerChunkCount, true)
  dv.setUint32(120, flags, true)
  dv.setUint32(124, zlibCrc32(b.subarray(0, 120)), true)
  return b
}

/** Encodes records into finished chunks, one at a time; `onRecord` sees each record as written. */
function* encodeChunks(
  events: Iterable<EvtxEventSpec>,
  options: EvtxWriterOptions,
  state: {nextId: bigint; layout?: EvtxLayout; written?: WrittenRecord[]},
): Generator<Uint8Array> {
  let chunk = new ChunkBuilder()
  let chunkIndex = 0
  let index = 0
  const max = options.maxRecordsPerChunk ?? Infinity
  const flush = (c: ChunkBuilder): Uint8Array => {
    const base = 0x1000 + chunkIndex * 0x10000
    state.layout?.chunks.push({
      index: chunkIndex,
      offset: base,
      freeSpaceAt: base + c.pos,
      records: c.records.map((r) => ({
        index: r.index,
        recordId: r.recordId,
        chunk: chunkIndex,
        offset: base + r.at,
        size: r.size,
        templateRefAt: base + r.templateRefAt,
        definesTemplate: r.definesTemplate,
        definesDataTemplate: r.definesDataTemplate,
        substitutionsAt: base + r.substitutionsAt,
        substitutionCount: r.substitutionCount,
      })),
    })
    chunkIndex++
    return c.finish()
  }
  for (const e of events) {
    const recordId = e.recordId !== undefined ? BigInt(e.recordId) : state.nextId
    const fields = normaliseFields(e.userData ? e.userData.fields : e.data)
    if (chunk.records.length >= max || !chunk.tryRecord(index, recordId, e, fields)) {
      if (chunk.records.length === 0) throw new RangeError(`writer: record ${index} (id ${recordId}) does not fit in an empty chunk`)
      yield flush(chunk)
      chunk = new ChunkBuilder()
      if (!chunk.tryRecord(index, recordId, e, fields)) throw new RangeError(`writer: record ${index} (id ${recordId}) does not fit in an empty chunk`)
    }
    state.written?.push({spec: e, recordId, time: filetimeToIso7(toFiletime(e.time)), fields})
    state.nextId = recordId + 1n
    index++
  }
  if (chunk.records.length > 0) yield flush(chunk)
}

export interface BuiltEvtx {
  bytes: Uint8Array
  layout: EvtxLayout
  records: WrittenRecord[]
}

/** Builds a whole file in memory. */
export function buildEvtx(events: Iterable<EvtxEventSpec>, options: EvtxWriterOptions = {}): BuiltEvtx {
  const state = {nextId: 1n, layout: {chunks: []} as EvtxLayout, written: [] as WrittenRecord[]}
  const chunks = [...encodeChunks(events, options, state)]
  const header = fileHeader(chunks.length, options.headerChunkCount ?? chunks.length, state.nextId, options.fileFlags ?? 0)
  return {bytes: concat([header, ...chunks]), layout: state.layout, records: state.written}
}

/** Streams a file of any size to disk chunk by chunk; returns the number of chunks and records written. */
export function writeEvtxFile(
  path: string,
  events: Iterable<EvtxEventSpec>,
  options: EvtxWriterOptions = {},
): {chunks: number; records: number} {
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, new Uint8Array(0x1000), 0, 0x1000, 0)
    const state = {nextId: 1n}
    let chunks = 0
    let records = 0
    for (const c of encodeChunks(
      (function* () {
        for (const e of events) {
          records++
          yield e
        }
      })(),
      options,
      state,
    )) {
      writeSync(fd, c, 0, c.length, 0x1000 + chunks * 0x10000)
      chunks++
    }
    const header = fileHeader(chunks, options.headerChunkCount ?? chunks, state.nextId, options.fileFlags ?? 0)
    writeSync(fd, header, 0, header.length, 0)
    return {chunks, records}
  } finally {
    closeSync(fd)
  }
}
