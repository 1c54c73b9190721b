/**
 * Recognises a template definition already read in an earlier chunk. Every chunk writes its templates again,
 * byte for byte the same except for the name references (chunk offsets) and the next-entry links of names written
 * inline. A definition matches a known one when all other bytes are equal and each reference names the same text,
 * so whatever was derived from the known one's parse holds for it too.
 */

import {EVTX_CHUNK_SIZE, TEMPLATE_HEADER_SIZE} from './constants.js'
import type {TemplateDefinition} from './binxml/nodes.js'
import {templateAt, type ParseContext} from './binxml/parser.js'

export interface KnownTemplate<P> {
  /** GUID, data size and body, copied. */
  bytes: Uint8Array
  view: DataView
  /** Positions in `bytes` of the name offsets, whether each name entry followed inline, and the name's text. */
  refs: Int32Array
  inline: Uint8Array
  /** The referenced names as UTF-16 code units (compared in place, without decoding the chunk's name entries). */
  names: Uint16Array[]
  payload: P
}

/** Where a definition's bytes start (after the next-definition link, which differs between chunks). */
const LINK = 4

function keyOf(dv: DataView, off: number, size: number): number {
  return (dv.getUint32(off + 4, true) ^ dv.getUint32(off + 8, true) ^ dv.getUint32(off + 12, true) ^ dv.getUint32(off + 16, true) ^ size) >>> 0
}

function equalRange(dv: DataView, start: number, known: DataView, from: number, to: number): boolean {
  let i = from
  for (; i + 4 <= to; i += 4) if (dv.getUint32(start + i) !== known.getUint32(i)) return false
  for (; i < to; i++) if (dv.getUint8(start + i) !== known.getUint8(i)) return false
  return true
}

function matches<P>(ctx: ParseContext, names: ChunkNames, start: number, k: KnownTemplate<P>): boolean {
  const dv = ctx.dv
  let from = 0
  for (let j = 0; j < k.refs.length; j++) {
    const r = k.refs[j]!
    if (!equalRange(dv, start, k.view, from, r)) return false
    const target = ctx.dv.getUint32(start + r, true)
    const inline = target === start + r + 4
    if (inline !== (k.inline[j] === 1)) return false
    if (inline) from = r + 8
    else {
      if (!names.holds(target, k.names[j]!)) return false
      from = r + 4
    }
  }
  return equalRange(dv, start, k.view, from, k.bytes.length)
}

/** The name entries of one chunk found to hold a known name (templates of a chunk share their names). */
class ChunkNames {
  private ctx: ParseContext | undefined
  private readonly found = new Map<number, Uint16Array>()

  /** Whether the name entry at chunk offset `off` (next u32, hash u16, count u16, characters) holds `units`. */
  holds(off: number, units: Uint16Array): boolean {
    if (this.found.get(off) === units) return true
    const ctx = this.ctx!
    const n = units.length
    if (off + 8 + 2 * n > ctx.buf.length || ctx.dv.getUint16(off + 6, true) !== n) return false
    for (let i = 0; i < n; i++) if (ctx.dv.getUint16(off + 8 + 2 * i, true) !== units[i]) return false
    this.found.set(off, units)
    return true
  }

  chunk(ctx: ParseContext): void {
    this.ctx = ctx
    this.found.clear()
  }
}

/** Known templates of one thread, by GUID and size; at most `max` and about `maxBytes` (all are dropped when full). */
export class TemplateMatcher<P> {
  private readonly byKey = new Map<number, Array<KnownTemplate<P>>>()
  private count = 0
  private bytes = 0
  private readonly chunkNames = new ChunkNames()
  /** The chunk being read, its number, and its templates by offset (valid where offsetChunk is chunkNo). */
  private chunk: ParseContext | undefined
  private chunkNo = 0
  private readonly offsetChunk = new Int32Array(EVTX_CHUNK_SIZE)
  private readonly byOffset = new Array<KnownTemplate<P> | undefined>(EVTX_CHUNK_SIZE).fill(undefined)
  /** Known names, one array per text (so a name entry found to hold one serves every template). */
  private readonly units = new Map<string, Uint16Array>()
  constructor(
    private readonly max: number,
    private readonly payload: () => P,
    private readonly maxBytes = 8 << 20,
  ) {}

  /**
   * The known template for the definition at chunk offset `off`: one it matches, or this one parsed and remembered;
   * undefined when it does not parse (the general path reports why). Looked up once per chunk and offset.
   */
  at(ctx: ParseContext, off: number): KnownTemplate<P> | undefined {
    if (ctx !== this.chunk) {
      this.chunk = ctx
      this.chunkNo++
      this.chunkNames.chunk(ctx)
    }
    if (off < EVTX_CHUNK_SIZE && this.offsetChunk[off] === this.chunkNo) return this.byOffset[off]
    let k = this.find(ctx, off)
    if (!k) {
      try {
        k = this.add(ctx, templateAt(ctx, off, 0))
      } catch {
        k = undefined
      }
    }
    if (off < EVTX_CHUNK_SIZE) {
      this.offsetChunk[off] = this.chunkNo
      this.byOffset[off] = k
    }
    return k
  }

  private find(ctx: ParseContext, off: number): KnownTemplate<P> | undefined {
    const end = ctx.buf.length
    if (off + TEMPLATE_HEADER_SIZE > end) return undefined
    const size = ctx.dv.getUint32(off + 20, true)
    const start = off + LINK
    const len = TEMPLATE_HEADER_SIZE - LINK + size
    if (start + len > end) return undefined
    const list = this.byKey.get(keyOf(ctx.dv, off, size))
    if (!list) return undefined
    for (const k of list) if (k.bytes.length === len && matches(ctx, this.chunkNames, start, k)) return k
    return undefined
  }

  private unitsOf(text: string): Uint16Array {
    let units = this.units.get(text)
    if (!units) {
      units = new Uint16Array(text.length)
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i)
      this.units.set(text, units)
    }
    return units
  }

  /** Remembers a definition parsed in this chunk. */
  private add(ctx: ParseContext, def: TemplateDefinition): KnownTemplate<P> {
    if (this.count >= this.max || this.bytes >= this.maxBytes) {
      this.byKey.clear()
      this.units.clear()
      this.count = 0
      this.bytes = 0
    }
    this.bytes += TEMPLATE_HEADER_SIZE + def.dataSize + 8 * def.nameRefs.length
    const start = def.offset + LINK
    const refs = new Int32Array(def.nameRefs.length)
    const inline = new Uint8Array(def.nameRefs.length)
    const names: Uint16Array[] = []
    for (let j = 0; j < def.nameRefs.length; j++) {
      const p = def.nameRefs[j]!
      const target = ctx.dv.getUint32(p, true)
      refs[j] = p - start
      inline[j] = target === p + 4 ? 1 : 0
      names.push(this.unitsOf(ctx.names.get(target).text))
    }
    const bytes = new Uint8Array(ctx.buf.subarray(start, start + TEMPLATE_HEADER_SIZE - LINK + def.dataSize))
    const k: KnownTemplate<P> = {
      bytes,
      view: new DataView(bytes.buffer),
      refs,
      inline,
      names,
      payload: this.payload(),
    }
    const key = keyOf(ctx.dv, def.offset, def.dataSize)
    const list = this.byKey.get(key)
    if (list) list.push(k)
    else this.byKey.set(key, [k])
    this.count++
    return k
  }
}
