/**
 * The fast path of JSON and XML output. A record that is one template instance, whose non-empty BinXml values are
 * single instances themselves (the shape Windows writes), is written by the compiled program of its shape
 * (compiled.ts) from values read into typed arrays. Templates are recognised across chunks by their bytes
 * (template-match.ts), so after a template's first chunk neither it nor its records are parsed into nodes.
 * Programs are compiled by the general renderer; any record this path cannot vouch for goes the general way.
 */

import type {ByteOut} from './byte-out.js'
import {ValueType as VT} from './constants.js'
import type {ParseContext} from './binxml/parser.js'
import {NUMBER_SIZE, ProgramCache, SIG_EMPTY, SIG_END, SIG_NESTED, SIG_NUMBER, SIG_TEXT, newSigBuffer, pushCode, runProgram, type Program} from './compiled.js'
import {soleInstanceInto, ValueSlots} from './instance-slots.js'
import {TemplateMatcher} from './template-match.js'

/** Nested instances one record may hold here (EventData, UserData: one or two in practice). */
const MAX_NESTED = 8
const MAX_KNOWN_TEMPLATES = 4096
const MAX_PROGRAMS = 4096

/** Compiles the program for the record whose BinXml is `[start, end)`, with the general parser and renderer. */
export type CompileRecord = (start: number, end: number) => Program | null

export class FastRenderer {
  /** The record's instance, then its nested instances in value order: the program's value tables. */
  private readonly tables: ValueSlots[] = Array.from({length: MAX_NESTED + 1}, () => new ValueSlots())
  private nextId = 0
  private readonly known = new TemplateMatcher<{id: number}>(MAX_KNOWN_TEMPLATES, () => ({id: this.nextId++}))
  /** Programs by value-shape signature; null: the general renderer could not compile that shape. */
  private readonly programs = new ProgramCache(MAX_PROGRAMS)
  private readonly sig = newSigBuffer()
  private ctx!: ParseContext
  private compile!: CompileRecord

  chunk(ctx: ParseContext, compile: CompileRecord): void {
    this.ctx = ctx
    this.compile = compile
  }

  /** Writes the record whose BinXml is `[start, end)` into `out`; false (nothing written) when the general path must. */
  write(start: number, end: number, out: ByteOut): boolean {
    if (!this.signature(start, end)) return false
    let prog = this.programs.get(this.sig)
    if (prog === undefined) {
      prog = this.compile(start, end)
      this.programs.set(this.sig, prog)
    }
    if (!prog) return false
    runProgram(prog, out, this.ctx, this.tables)
    return true
  }

  private templateId(defOff: number): number {
    return this.known.at(this.ctx, defOff)?.payload.id ?? -1
  }

  /** The record's value-shape signature into `sig`, as compiled.ts's signature() writes it; false for other shapes. */
  private signature(start: number, end: number): boolean {
    const sb = this.sig
    sb.len = 0
    sb.hash = 0x011c9dc5
    const outer = this.tables[0]!
    const id = this.shape(start, end, outer)
    if (id < 0) return false
    pushCode(sb, id)
    const ctx = this.ctx
    let nested = 0
    for (let i = 0; i < outer.n; i++) {
      const t = outer.types[i]!
      const size = outer.sizes[i]!
      if (t === VT.BinXml && size !== 0) {
        if (++nested > MAX_NESTED) return false
        const inner = this.tables[nested]!
        const innerId = this.shape(outer.offs[i]!, outer.offs[i]! + size, inner)
        if (innerId < 0) return false
        pushCode(sb, SIG_NESTED)
        pushCode(sb, innerId)
        for (let j = 0; j < inner.n; j++) {
          const c = valueCode(ctx.buf, inner.types[j]!, inner.offs[j]!, inner.sizes[j]!)
          if (c < 0) return false
          pushCode(sb, c)
        }
        pushCode(sb, SIG_END)
        continue
      }
      const c = valueCode(ctx.buf, t, outer.offs[i]!, size)
      if (c < 0) return false
      pushCode(sb, c)
    }
    pushCode(sb, SIG_END)
    return true
  }

  /** Reads the sole instance of `[start, end)` into `slots`: its template id, or -1. */
  private shape(start: number, end: number, slots: ValueSlots): number {
    const defOff = soleInstanceInto(this.ctx, start, end, slots)
    return defOff < 0 ? -1 : this.templateId(defOff)
  }
}

/** A value's signature code; -1 for arrays and non-empty BinXml (not this path's shape). */
function valueCode(buf: Uint8Array, t: number, off: number, size: number): number {
  if ((t & VT.ArrayFlag) !== 0 || (t === VT.BinXml && size !== 0)) return -1
  if (t === VT.Null || size === 0) return SIG_EMPTY
  if (t === VT.String) return buf[off] === 0 && buf[off + 1] === 0 ? SIG_EMPTY : SIG_TEXT
  const w = NUMBER_SIZE[t]!
  return w !== 0 && size >= w ? SIG_NUMBER : SIG_TEXT
}
