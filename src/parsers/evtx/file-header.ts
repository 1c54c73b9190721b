/** The 4 KiB file header (`ElfFile\0`). Informational only: chunks are found by scanning, never by its count. */

import {EVTX_FILE_MAGIC, FileFlags} from './constants.js'
import {crc32} from './crc32.js'

export interface FileHeader {
  firstChunkNumber: number
  lastChunkNumber: number
  nextRecordId: number
  headerSize: number
  minorVersion: number
  majorVersion: number
  headerBlockSize: number
  chunkCount: number
  flags: number
  dirty: boolean
  full: boolean
  checksum: number
  checksumValid: boolean
}

export function isEvtxHeader(buf: Uint8Array): boolean {
  if (buf.length < 8) return false
  for (let i = 0; i < 8; i++) if (buf[i] !== EVTX_FILE_MAGIC[i]) return false
  return true
}

/** Reads the file header from the first 128+ bytes; undefined when the magic is absent. */
export function readFileHeader(buf: Uint8Array): FileHeader | undefined {
  if (buf.length < 128 || !isEvtxHeader(buf)) return undefined
  const dv = new DataView(buf.buffer, buf.byteOffset, 128)
  const u64 = (o: number): number => dv.getUint32(o + 4, true) * 4294967296 + dv.getUint32(o, true)
  const flags = dv.getUint32(120, true)
  const checksum = dv.getUint32(124, true)
  return {
    firstChunkNumber: u64(8),
    lastChunkNumber: u64(16),
    nextRecordId: u64(24),
    headerSize: dv.getUint32(32, true),
    minorVersion: dv.getUint16(36, true),
    majorVersion: dv.getUint16(38, true),
    headerBlockSize: dv.getUint16(40, true),
    chunkCount: dv.getUint16(42, true),
    flags,
    dirty: (flags & FileFlags.Dirty) !== 0,
    full: (flags & FileFlags.Full) !== 0,
    checksum,
    checksumValid: crc32(buf, 0, 120) === checksum,
  }
}
