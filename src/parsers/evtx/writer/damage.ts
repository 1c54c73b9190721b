/** Deliberately damaged copies of a built file. */

import {crc32 as zlibCrc32} from 'node:zlib'

import {chunkHeaderCrc} from './chunk-builder.js'
import type {BuiltEvtx} from './file.js'
import type {RecordLayout} from './layout.js'

export type EvtxDamage =
  /** Overwrites the chunk's `ElfChnk\0` magic (header CRC recomputed, so only the magic is wrong). */
  | {kind: 'bad-chunk-magic'; chunk: number}
  /** Flips the stored chunk-header CRC. */
  | {kind: 'bad-chunk-header-crc'; chunk: number}
  /** Flips the stored event-records CRC. */
  | {kind: 'bad-records-crc'; chunk: number}
  /** Flips the stored file-header CRC. */
  | {kind: 'bad-file-header-crc'}
  /** Cuts the file at this byte offset. */
  | {kind: 'truncate'; at: number}
  /** Zeroes a whole chunk (64 KiB), as a dirty shutdown or VSS copy leaves them. */
  | {kind: 'zero-chunk'; chunk: number}
  /** Rewrites a record's size field (`record` is the index in the input sequence); 'oversized' runs past the chunk. */
  | {kind: 'record-size'; record: number; size: number | 'oversized'}
  /** Points a record's outer template reference at an offset that holds no template (a record that reuses one). */
  | {kind: 'broken-template-ref'; record: number}
  /** Makes a record's last substitution (the EventData BinXml) claim more bytes than the record holds. */
  | {kind: 'substitution-past-end'; record: number}

function findRecord(built: BuiltEvtx, index: number): RecordLayout {
  for (const c of built.layout.chunks) for (const r of c.records) if (r.index === index) return r
  throw new RangeError(`writer: no record ${index} in the layout`)
}

/**
 * A damaged copy of a built file. CRCs of the touched chunk are recomputed after structural damage, so each
 * damage is the only defect (checksum damages excepted).
 */
export function damageEvtx(built: BuiltEvtx, ...damages: EvtxDamage[]): Uint8Array {
  let out = built.bytes.slice()
  let dv = new DataView(out.buffer)
  const touched = new Set<number>()
  const crcFlips: Array<() => void> = []
  let truncateAt: number | undefined
  const chunkOffset = (i: number): number => {
    const c = built.layout.chunks[i]
    if (!c) throw new RangeError(`writer: no chunk ${i} in the layout`)
    return c.offset
  }
  for (const d of damages) {
    switch (d.kind) {
      case 'bad-chunk-magic':
        out.set([0x45, 0x6c, 0x66, 0x58, 0x58, 0x58, 0x58, 0x00], chunkOffset(d.chunk))
        touched.add(d.chunk)
        break
      case 'bad-chunk-header-crc': {
        const at = chunkOffset(d.chunk) + 124
        crcFlips.push(() => dv.setUint32(at, ~dv.getUint32(at, true) >>> 0, true))
        break
      }
      case 'bad-records-crc': {
        const at = chunkOffset(d.chunk) + 52
        crcFlips.push(() => {
          dv.setUint32(at, ~dv.getUint32(at, true) >>> 0, true)
          setChunkHeaderCrc(out, chunkOffset(d.chunk))
        })
        break
      }
      case 'bad-file-header-crc':
        crcFlips.push(() => dv.setUint32(124, ~dv.getUint32(124, true) >>> 0, true))
        break
      case 'truncate':
        truncateAt = d.at
        break
      case 'zero-chunk':
        out.fill(0, chunkOffset(d.chunk), chunkOffset(d.chunk) + 0x10000)
        break
      case 'record-size': {
        const r = findRecord(built, d.record)
        const size = d.size === 'oversized' ? 0x10000 - (r.offset - chunkOffset(r.chunk)) + 0x100 : d.size
        dv.setUint32(r.offset + 4, size, true)
        touched.add(r.chunk)
        break
      }
      case 'broken-template-ref': {
        const r = findRecord(built, d.record)
        if (r.definesTemplate) throw new RangeError(`writer: record ${d.record} defines its template; pick one that reuses it`)
        dv.setUint32(r.templateRefAt, 0x1f0, true)
        touched.add(r.chunk)
        break
      }
      case 'substitution-past-end': {
        const r = findRecord(built, d.record)
        const desc = r.substitutionsAt + 4 + (r.substitutionCount - 1) * 4
        dv.setUint16(desc, 0xfff0, true)
        touched.add(r.chunk)
        break
      }
    }
  }
  for (const c of touched) {
    const base = chunkOffset(c)
    if (out[base] === 0) continue
    const free = dv.getUint32(base + 48, true)
    dv.setUint32(base + 52, zlibCrc32(out.subarray(base + 0x200, base + free)), true)
    setChunkHeaderCrc(out, base)
  }
  for (const f of crcFlips) f()
  if (truncateAt !== undefined) {
    out = out.slice(0, truncateAt)
    dv = new DataView(out.buffer)
  }
  return out
}

function setChunkHeaderCrc(file: Uint8Array, base: number): void {
  new DataView(file.buffer, file.byteOffset).setUint32(base + 124, chunkHeaderCrc(file.subarray(base, base + 0x200)), true)
}
