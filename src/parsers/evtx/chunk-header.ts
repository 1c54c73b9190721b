/** The 512-byte chunk header (`ElfChnk\0`): record range, free space, checksums. */

import {CHUNK_HEADER_SIZE, EVTX_CHUNK_MAGIC} from './constants.js'
import {crc32} from './crc32.js'

export const ChunkFlags = {Dirty: 0x1, NoCrc32: 0x4} as const

export interface ChunkHeader {
  firstRecordNumber: number
  lastRecordNumber: number
  firstRecordId: number
  lastRecordId: number
  /** Offset of the last record in the chunk. */
  lastRecordOffset: number
  freeSpaceOffset: number
  eventsChecksum: number
  flags: number
  headerChecksum: number
}

export function hasChunkMagic(buf: Uint8Array, off = 0): boolean {
  for (let i = 0; i < 8; i++) if (buf[off + i] !== EVTX_CHUNK_MAGIC[i]) return false
  return true
}

function u64(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true)
  const hi = dv.getUint32(off + 4, true)
  return hi === 0xffffffff && lo === 0xffffffff ? -1 : hi * 4294967296 + lo
}

/** Reads the header of a chunk held in `buf` (at least 512 bytes, magic already checked). */
export function readChunkHeader(buf: Uint8Array): ChunkHeader {
  const dv = new DataView(buf.buffer, buf.byteOffset, CHUNK_HEADER_SIZE)
  return {
    firstRecordNumber: u64(dv, 8),
    lastRecordNumber: u64(dv, 16),
    firstRecordId: u64(dv, 24),
    lastRecordId: u64(dv, 32),
    lastRecordOffset: dv.getUint32(44, true),
    freeSpaceOffset: dv.getUint32(48, true),
    eventsChecksum: dv.getUint32(52, true),
    flags: dv.getUint32(120, true),
    headerChecksum: dv.getUint32(124, true),
  }
}

/** CRC32 of bytes 0..120 and 128..512, as stored at offset 124. */
export function chunkHeaderCrc(buf: Uint8Array): number {
  return crc32(buf, 128, CHUNK_HEADER_SIZE, crc32(buf, 0, 120))
}

/** CRC32 of the records area 512..free space offset, as stored at offset 52. */
export function eventsCrc(buf: Uint8Array, freeSpaceOffset: number): number {
  return crc32(buf, CHUNK_HEADER_SIZE, Math.min(freeSpaceOffset, buf.length))
}
