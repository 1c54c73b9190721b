/** BinXml and chunk encoding: one 64 KiB chunk with its string and template tables, records and CRCs. */

import {crc32 as zlibCrc32} from 'node:zlib'

import {nameHash, utf16} from './bytes.js'
import type {EvtxEventSpec} from './event-spec.js'
import type {RecordLayout} from './layout.js'
import {dataTemplate, substitutedValues, systemTemplate, systemValues, type XContent, type XElement} from './template.js'
import {toFiletime} from './time.js'
import {BINXML_TYPE, type EvtxValue, V, valueBytes, valueTypeCode} from './values.js'

class Overflow extends Error {
  override name = 'Overflow'
}

interface TemplateEntry {
  offset: number
  id: number
}

/** One 64 KiB chunk being filled; rolls back a record that does not fit. */
export class ChunkBuilder {
  readonly buf = new Uint8Array(0x10000)
  private readonly dv = new DataView(this.buf.buffer)
  pos = 0x200
  names = new Map<string, number>()
  nameBuckets = new Array<number>(64).fill(0)
  templates = new Map<string, TemplateEntry>()
  templateBuckets = new Array<number>(32).fill(0)
  /** Records written so far; offsets (`at`, `templateRefAt`, `substitutionsAt`) are chunk-relative here. */
  records: Array<Omit<RecordLayout, 'chunk' | 'offset'> & {at: number}> = []
  firstId = 0n
  lastId = 0n
  lastRecordAt = 0

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Overflow()
  }
  u8(x: number): void {
    this.need(1)
    this.buf[this.pos++] = x
  }
  u16(x: number): void {
    this.need(2)
    this.dv.setUint16(this.pos, x, true)
    this.pos += 2
  }
  u32(x: number): void {
    this.need(4)
    this.dv.setUint32(this.pos, x >>> 0, true)
    this.pos += 4
  }
  u64(x: bigint): void {
    this.need(8)
    this.dv.setBigUint64(this.pos, x, true)
    this.pos += 8
  }
  bytes(b: Uint8Array): void {
    this.need(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }
  patch32(at: number, x: number): void {
    this.dv.setUint32(at, x >>> 0, true)
  }
  patch16(at: number, x: number): void {
    this.dv.setUint16(at, x, true)
  }

  /** A name reference: the offset of the name, and the name itself inline when first used in this chunk. */
  nameRef(name: string): void {
    const known = this.names.get(name)
    if (known !== undefined) {
      this.u32(known)
      return
    }
    const at = this.pos + 4
    this.u32(at)
    const hash = nameHash(name)
    const bucket = hash % 64
    this.u32(this.nameBuckets[bucket]!)
    this.u16(hash)
    this.u16(name.length)
    this.bytes(utf16(name))
    this.u16(0)
    this.nameBuckets[bucket] = at
    this.names.set(name, at)
  }

  content(c: XContent): void {
    switch (c.kind) {
      case 'element':
        return this.element(c)
      case 'text':
        this.u8(0x05)
        this.u8(0x01)
        this.u16(c.text.length)
        this.bytes(utf16(c.text))
        return
      case 'cdata':
        this.u8(0x07)
        this.u16(c.text.length)
        this.bytes(utf16(c.text))
        return
      case 'charref':
        this.u8(0x08)
        this.u16(c.code)
        return
      case 'entityref':
        this.u8(0x09)
        this.nameRef(c.name)
        return
      case 'pi':
        this.u8(0x0a)
        this.nameRef(c.target)
        this.u8(0x0b)
        this.u16(c.data.length)
        this.bytes(utf16(c.data))
        return
    }
    this.u8(c.optional ? 0x0e : 0x0d)
    this.u16(c.index)
    this.u8(c.type)
  }

  element(e: XElement): void {
    this.u8(e.attrs.length ? 0x41 : 0x01)
    this.u16(0xffff)
    const sizeAt = this.pos
    this.u32(0)
    this.nameRef(e.name)
    if (e.attrs.length) {
      const listAt = this.pos
      this.u32(0)
      e.attrs.forEach((a, i) => {
        this.u8(i < e.attrs.length - 1 ? 0x46 : 0x06)
        this.nameRef(a.name)
        this.content(a.value)
      })
      this.patch32(listAt, this.pos - listAt - 4)
    }
    if (e.children.length === 0) {
      this.u8(0x03)
    } else {
      this.u8(0x02)
      for (const c of e.children) this.content(c)
      this.u8(0x04)
    }
    this.patch32(sizeAt, this.pos - sizeAt - 4)
  }

  /** Template instance header (and the definition on first use); returns whether it was defined here. */
  templateInstance(key: string, root: () => XElement): {defined: boolean; refAt: number} {
    const known = this.templates.get(key)
    if (known) {
      this.u8(0x0c)
      this.u8(0x01)
      this.u32(known.id)
      const refAt = this.pos
      this.u32(known.offset)
      return {defined: false, refAt}
    }
    const guid = templateGuid(key)
    const id = new DataView(guid.buffer).getUint32(0, true)
    this.u8(0x0c)
    this.u8(0x01)
    this.u32(id)
    const refAt = this.pos
    const at = this.pos + 4
    this.u32(at)
    const bucket = id % 32
    this.u32(this.templateBuckets[bucket]!)
    this.bytes(guid)
    const sizeAt = this.pos
    this.u32(0)
    this.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00))
    this.element(root())
    this.u8(0x00)
    this.patch32(sizeAt, this.pos - sizeAt - 4)
    this.templateBuckets[bucket] = at
    this.templates.set(key, {offset: at, id})
    return {defined: true, refAt}
  }

  /** Substitution array: count, descriptors, then values; BinXml values are encoded in place by `binxml`. */
  substitutions(values: Array<EvtxValue | {type: 'binxml'; write: () => void}>): number {
    const countAt = this.pos
    this.u32(values.length)
    const descAt = this.pos
    for (let i = 0; i < values.length; i++) this.u32(0)
    values.forEach((v, i) => {
      const start = this.pos
      let type: number
      if (v.type === 'binxml') {
        v.write()
        type = BINXML_TYPE
      } else {
        this.bytes(valueBytes(v))
        type = valueTypeCode(v)
      }
      const size = this.pos - start
      if (size > 0xffff) throw new RangeError(`writer: substitution ${i} is ${size} bytes, over the 65535 a descriptor holds`)
      this.patch16(descAt + i * 4, size)
      this.buf[descAt + i * 4 + 2] = type
    })
    return countAt
  }

  snapshot() {
    return {
      pos: this.pos,
      names: new Map(this.names),
      nameBuckets: [...this.nameBuckets],
      templates: new Map(this.templates),
      templateBuckets: [...this.templateBuckets],
    }
  }
  restore(s: ReturnType<ChunkBuilder['snapshot']>): void {
    this.buf.fill(0, s.pos, Math.min(this.pos, this.buf.length))
    this.pos = s.pos
    this.names = s.names
    this.nameBuckets = s.nameBuckets
    this.templates = s.templates
    this.templateBuckets = s.templateBuckets
  }

  /** Appends a record; false (and nothing written) when it does not fit in this chunk. */
  tryRecord(index: number, recordId: bigint, e: EvtxEventSpec, fields: Array<[string, EvtxValue]>): boolean {
    const snap = this.snapshot()
    try {
      this.record(index, recordId, e, fields)
      return true
    } catch (err) {
      if (!(err instanceof Overflow)) throw err
      this.restore(snap)
      return false
    }
  }

  private record(index: number, recordId: bigint, e: EvtxEventSpec, fields: Array<[string, EvtxValue]>): void {
    const at = this.pos
    this.u32(0x00002a2a)
    this.u32(0)
    this.u64(recordId)
    this.u64(toFiletime(e.written ?? e.time))
    this.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00))
    const sys = systemTemplate(e)
    const outer = this.templateInstance(sys.key, sys.root)
    let definesData = false
    const data = e.data || e.userData ? dataTemplate(e, fields) : undefined
    const binxml = data
      ? {
          type: 'binxml' as const,
          write: () => {
            this.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00))
            definesData = this.templateInstance(data.key, data.root).defined
            this.substitutions(substitutedValues(fields))
            this.u8(0x00)
          },
        }
      : V.null()
    const subs = systemValues(e, recordId, sys.count, binxml)
    const subsAt = this.substitutions(subs)
    this.u8(0x00)
    while ((this.pos + 4 - at) % 8 !== 0) this.u8(0)
    this.u32(this.pos + 4 - at)
    this.patch32(at + 4, this.pos - at)
    if (this.records.length === 0) this.firstId = recordId
    this.lastId = recordId
    this.lastRecordAt = at
    this.records.push({
      index,
      recordId,
      at,
      size: this.pos - at,
      templateRefAt: outer.refAt,
      definesTemplate: outer.defined,
      definesDataTemplate: definesData,
      substitutionsAt: subsAt,
      substitutionCount: subs.length,
    })
  }

  /** Writes the chunk header (ids, offsets, tables, both CRC-32s) and returns the finished 64 KiB. */
  finish(): Uint8Array {
    const b = this.buf
    const dv = this.dv
    b.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00], 0)
    dv.setBigUint64(8, this.firstId, true)
    dv.setBigUint64(16, this.lastId, true)
    dv.setBigUint64(24, this.firstId, true)
    dv.setBigUint64(32, this.lastId, true)
    dv.setUint32(40, 0x80, true)
    dv.setUint32(44, this.lastRecordAt, true)
    dv.setUint32(48, this.pos, true)
    dv.setUint32(52, zlibCrc32(b.subarray(0x200, this.pos)), true)
    this.nameBuckets.forEach((o, i) => dv.setUint32(0x80 + i * 4, o, true))
    this.templateBuckets.forEach((o, i) => dv.setUint32(0x180 + i * 4, o, true))
    dv.setUint32(124, chunkHeaderCrc(b), true)
    return b
  }
}

/** CRC-32 of a chunk header: bytes 0..120 then 128..512. */
export function chunkHeaderCrc(chunk: Uint8Array): number {
  return zlibCrc32(chunk.subarray(128, 512), zlibCrc32(chunk.subarray(0, 120)))
}

/** A stable GUID per template shape (first dword is the template id). */
function templateGuid(key: string): Uint8Array {
  const out = new Uint8Array(16)
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < key.length; i++) {
    h1 = Math.imul(h1 ^ key.charCodeAt(i), 16777619) >>> 0
    h2 = Math.imul(h2 + key.charCodeAt(i), 2246822519) >>> 0
  }
  const dv = new DataView(out.buffer)
  dv.setUint32(0, h1, true)
  dv.setUint32(4, h2, true)
  dv.setUint32(8, Math.imul(h1 ^ h2, 2654435761) >>> 0, true)
  dv.setUint32(12, (h1 + h2) >>> 0, true)
  return out
}
