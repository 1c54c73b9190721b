/**
 * Per-template compiled renderers. What the JSON/XML renderers write for a template instance depends only on
 * the template and, per substitution, on whether its value is empty, an integer/bool (a JSON number), other
 * text, or nested BinXml holding another template instance (recursively the same question). So the output for
 * one (template structure, value-shape signature) is recorded once as static byte segments with holes for the
 * values, and every later record of that shape — in any chunk — is rendered by copying segments and writing values.
 */

import {ByteOut, type EscapeMode} from './byte-out.js'
import {ValueType as VT} from './constants.js'
import {NodeKind, structuralKey, type InstanceNode, type TemplateDefinition, type Values} from './binxml/nodes.js'
import {Limits} from './binxml/parser.js'
import {nestedNodes, type ResolveState} from './binxml/resolve.js'
import {fixedSize, isEmptyValue, writeValue, type ValueSource} from './binxml/values.js'

/** Hole mode for a JSON number/bool written bare. */
export const HOLE_NUMBER = -1

export interface Program {
  /** All static bytes; segment i is lit[ends[i-1] .. ends[i]) (segment 0 from 0), written before hole i. */
  lit: Uint8Array
  ends: Int32Array
  /** Per hole: index of the value table (0 = the record's instance, then nested instances in signature order). */
  tables: number[]
  subs: number[]
  modes: number[]
}

/** Collects segments and holes while a renderer writes one record in recording mode. */
export class Recorder {
  private readonly segs: Uint8Array[] = []
  private readonly tableIdx: number[] = []
  private readonly subs: number[] = []
  private readonly modes: number[] = []
  private cut: number
  /** False once a value was met that is not in the signature's tables (then the program is not kept). */
  valid = true

  constructor(
    private readonly out: ByteOut,
    private readonly tables: readonly Values[],
  ) {
    this.cut = out.pos
  }

  hole(vals: Values | null, sub: number, mode: EscapeMode | typeof HOLE_NUMBER): boolean {
    const t = vals ? this.tables.indexOf(vals) : -1
    if (t < 0) {
      this.valid = false
      return false
    }
    this.segs.push(this.out.buf.slice(this.cut, this.out.pos))
    this.tableIdx.push(t)
    this.subs.push(sub)
    this.modes.push(mode)
    this.cut = this.out.pos
    return true
  }

  finish(): Program {
    this.segs.push(this.out.buf.slice(this.cut, this.out.pos))
    let total = 0
    for (const seg of this.segs) total += seg.length
    const lit = new Uint8Array(total)
    const ends = new Int32Array(this.segs.length)
    let p = 0
    this.segs.forEach((seg, i) => {
      lit.set(seg, p)
      p += seg.length
      ends[i] = p
    })
    return {lit, ends, tables: this.tableIdx, subs: this.subs, modes: this.modes}
  }
}

export function isNumberClass(type: number, size: number): boolean {
  return ((type >= VT.Int8 && type <= VT.UInt64) || type === VT.Bool) && size >= fixedSize(type)
}

/** Interns template structure keys to small numbers (per thread). */
export type KeyInterner = Map<string, number>

function keyIdOf(def: TemplateDefinition, ids: KeyInterner): number {
  if (def.keyId === undefined) {
    const key = (def.key ??= structuralKey(def.guid, def.nodes))
    let id = ids.get(key)
    if (id === undefined) {
      id = ids.size
      ids.set(key, id)
    }
    def.keyId = id
  }
  return def.keyId
}

/**
 * The value-shape signature of an instance, collecting the value tables (the instance's, then those of nested
 * BinXml instances, depth first) into `tables`. Undefined when a value is an array or nested BinXml that is not
 * a single template instance (those records go the general way).
 */
export function signature(st: ResolveState, inst: InstanceNode, ids: KeyInterner, tables: Values[], depth = 0): string | undefined {
  const src = st.ctx
  const vals = inst.values
  tables.push(vals)
  const types = vals.types
  let sig = `${keyIdOf(inst.template, ids)}(`
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!
    const size = vals.sizes[i]!
    if (t === VT.BinXml) {
      if (size === 0) {
        sig += 'e'
        continue
      }
      if (depth >= Limits.maxDepth) return undefined
      const nodes = nestedNodes(st, vals.offs[i]!, size, depth + 1)
      const n = nodes.length === 1 ? nodes[0]! : undefined
      if (!n || n.kind !== NodeKind.Instance) return undefined
      const inner = signature(st, n, ids, tables, depth + 1)
      if (inner === undefined) return undefined
      sig += inner
      continue
    }
    if ((t & VT.ArrayFlag) !== 0) return undefined
    sig += isEmptyValue(src, t, vals.offs[i]!, size) ? 'e' : isNumberClass(t, size) ? 'n' : 's'
  }
  return `${sig})`
}

export function runProgram(p: Program, out: ByteOut, src: ValueSource, tables: readonly Values[]): void {
  const lit = p.lit
  const ends = p.ends
  const n = p.subs.length
  let from = 0
  for (let i = 0; i <= n; i++) {
    const to = ends[i]!
    const len = to - from
    if (len > 0) {
      if (out.pos + len > out.buf.length) out.ensure(len)
      const b = out.buf
      let q = out.pos
      if (len < 64) for (let j = from; j < to; j++) b[q++] = lit[j]!
      else {
        b.set(lit.subarray(from, to), q)
        q += len
      }
      out.pos = q
    }
    from = to
    if (i === n) break
    const vals = tables[p.tables[i]!]!
    const sub = p.subs[i]!
    const mode = p.modes[i]!
    writeValue(out, src, vals.types[sub]!, vals.offs[sub]!, vals.sizes[sub]!, mode === HOLE_NUMBER ? 0 : (mode as EscapeMode))
  }
}
