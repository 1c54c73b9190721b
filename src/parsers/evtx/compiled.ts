/**
 * Per-template compiled renderers. What the JSON/XML renderers write for a template instance depends only on
 * the template and, per substitution, on whether its value is empty, an integer/bool (a JSON number), other
 * text, or nested BinXml holding another template instance (recursively the same question). So the output for
 * one (template structure, value-shape signature) is recorded once as static byte segments with holes for the
 * values, and every later record of that shape — in any chunk — is rendered by copying segments and writing values.
 */

import {ByteOut, type EscapeMode} from './byte-out.js'
import {ValueType as VT} from './constants.js'
import {NodeKind, type InstanceNode, type Node, type TemplateDefinition, type Values} from './binxml/nodes.js'
import {Limits} from './binxml/parser.js'
import {nestedNodes, type ResolveState} from './binxml/resolve.js'
import {fixedSize, writeValue, type ValueSource} from './binxml/values.js'

/** Hole mode for a JSON number/bool written bare. */
export const HOLE_NUMBER = -1

export interface Program {
  /** All static bytes; segment i is lit[ends[i-1] .. ends[i]) (segment 0 from 0), written before hole i. */
  lit: Uint8Array
  ends: Int32Array
  /** The same segments as separate arrays (copied with one `set` each). */
  segs: Uint8Array[]
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
    return {lit, ends, segs: this.segs, tables: this.tableIdx, subs: this.subs, modes: this.modes}
  }
}

export function isNumberClass(type: number, size: number): boolean {
  return ((type >= VT.Int8 && type <= VT.UInt64) || type === VT.Bool) && size >= fixedSize(type)
}

interface InternedTemplate {
  guid: string
  nodes: readonly Node[]
  id: number
}

/**
 * Numbers template structures (GUID, names, literals, substitutions) per thread: two templates get the same
 * number exactly when they produce the same output for the same values, in whatever chunk they are defined.
 */
export class KeyInterner {
  private readonly byHash = new Map<number, InternedTemplate[]>()
  private next = 0

  get size(): number {
    return this.next
  }

  idOf(guid: string, nodes: readonly Node[]): number {
    const h = hashNodes(hashText(0x811c9dc5 & 0x3fffffff, guid), nodes)
    let list = this.byHash.get(h)
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!
        if (e.guid === guid && sameNodes(e.nodes, nodes)) return e.id
      }
    } else {
      list = []
      this.byHash.set(h, list)
    }
    const id = this.next++
    list.push({guid, nodes, id})
    return id
  }
}

function mix(h: number, v: number): number {
  return Math.imul(h ^ v, 16777619) & 0x3fffffff
}

function hashText(h: number, s: string): number {
  h = mix(h, s.length)
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i))
  return h
}

function hashNodes(h: number, list: readonly Node[]): number {
  h = mix(h, list.length)
  for (let i = 0; i < list.length; i++) {
    const n = list[i]!
    h = mix(h, n.kind)
    switch (n.kind) {
      case NodeKind.Element:
        h = hashText(h, n.name.text)
        h = mix(h, n.attrs.length)
        for (let j = 0; j < n.attrs.length; j++) h = hashNodes(hashText(h, n.attrs[j]!.name.text), n.attrs[j]!.value)
        h = hashNodes(h, n.children)
        break
      case NodeKind.Text: h = hashText(mix(h, n.cdata ? 1 : 0), n.text); break
      case NodeKind.Substitution: h = mix(mix(mix(h, n.optional ? 1 : 0), n.index), n.type); break
      case NodeKind.CharRef: h = mix(h, n.code); break
      case NodeKind.EntityRef: h = hashText(h, n.name.text); break
      case NodeKind.PI: h = hashText(hashText(h, n.target.text), n.data); break
      default: break
    }
  }
  return h
}

function sameNodes(a: readonly Node[], b: readonly Node[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.kind !== y.kind) return false
    switch (x.kind) {
      case NodeKind.Element: {
        const e = y as typeof x
        if (x.name.text !== e.name.text || x.attrs.length !== e.attrs.length) return false
        for (let j = 0; j < x.attrs.length; j++) {
          if (x.attrs[j]!.name.text !== e.attrs[j]!.name.text || !sameNodes(x.attrs[j]!.value, e.attrs[j]!.value)) return false
        }
        if (!sameNodes(x.children, e.children)) return false
        break
      }
      case NodeKind.Text: {
        const t = y as typeof x
        if (x.cdata !== t.cdata || x.text !== t.text) return false
        break
      }
      case NodeKind.Substitution: {
        const t = y as typeof x
        if (x.optional !== t.optional || x.index !== t.index || x.type !== t.type) return false
        break
      }
      case NodeKind.CharRef:
        if (x.code !== (y as typeof x).code) return false
        break
      case NodeKind.EntityRef:
        if (x.name.text !== (y as typeof x).name.text) return false
        break
      case NodeKind.PI: {
        const t = y as typeof x
        if (x.target.text !== t.target.text || x.data !== t.data) return false
        break
      }
      default:
        break
    }
  }
  return true
}

function keyIdOf(def: TemplateDefinition, ids: KeyInterner): number {
  if (def.keyId < 0) def.keyId = ids.idOf(def.guid, def.nodes)
  return def.keyId
}

/** Per value type: its size when its JSON form is a bare number/bool (integers, bool), else 0. */
export const NUMBER_SIZE = new Uint8Array(256)
for (let t = 0; t < 256; t++) if (isNumberClass(t, 16)) NUMBER_SIZE[t] = fixedSize(t)

/** Value-shape codes (see signature). */
export const SIG_EMPTY = 0
export const SIG_NUMBER = 1
export const SIG_TEXT = 2
export const SIG_NESTED = 3
export const SIG_END = 4

/** A growable scratch array the signature is written into (reused for every record of a thread). */
export interface SigBuffer {
  codes: Int32Array
  len: number
  /** FNV-style hash of codes[0 .. len), 30 bits. */
  hash: number
}

export function newSigBuffer(): SigBuffer {
  return {codes: new Int32Array(256), len: 0, hash: 0}
}

export function pushCode(sb: SigBuffer, c: number): void {
  if (sb.len === sb.codes.length) {
    const next = new Int32Array(sb.codes.length * 2)
    next.set(sb.codes)
    sb.codes = next
  }
  sb.codes[sb.len++] = c
  // kept to 30 bits: a small integer, never a heap number
  sb.hash = Math.imul(sb.hash ^ c, 16777619) & 0x3fffffff
}

/**
 * The value-shape signature of an instance, written as codes into `sb` (template key id, then per value empty /
 * number / text / nested instance (its own signature), then an end mark), collecting the value tables (the
 * instance's, then those of nested BinXml instances, depth first) into `tables`. False when a value is an array or
 * nested BinXml that is not a single template instance (those records go the general way).
 */
export function signature(st: ResolveState, inst: InstanceNode, ids: KeyInterner, tables: Values[], sb: SigBuffer, depth = 0): boolean {
  if (depth === 0) {
    sb.len = 0
    sb.hash = 0x011c9dc5
  }
  const buf = st.ctx.buf
  const vals = inst.values
  tables.push(vals)
  const types = vals.types
  pushCode(sb, keyIdOf(inst.template, ids))
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!
    const size = vals.sizes[i]!
    if (t === VT.BinXml) {
      if (size === 0) {
        pushCode(sb, SIG_EMPTY)
        continue
      }
      if (depth >= Limits.maxDepth) return false
      const nodes = nestedNodes(st, vals.offs[i]!, size, depth + 1)
      const n = nodes.length === 1 ? nodes[0]! : undefined
      if (!n || n.kind !== NodeKind.Instance) return false
      pushCode(sb, SIG_NESTED)
      if (!signature(st, n, ids, tables, sb, depth + 1)) return false
      continue
    }
    if ((t & VT.ArrayFlag) !== 0) return false
    // as isEmptyValue / isNumberClass, inline
    let code: number
    if (t === VT.Null || size === 0) code = SIG_EMPTY
    else if (t === VT.String) {
      const off = vals.offs[i]!
      code = buf[off] === 0 && buf[off + 1] === 0 ? SIG_EMPTY : SIG_TEXT
    } else {
      const w = NUMBER_SIZE[t]!
      code = w !== 0 && size >= w ? SIG_NUMBER : SIG_TEXT
    }
    pushCode(sb, code)
  }
  pushCode(sb, SIG_END)
  return true
}

interface ProgramEntry {
  codes: Int32Array
  prog: Program | null
}

/** Compiled programs by signature hash, verified against the full signature (per thread, bounded). */
export class ProgramCache {
  private readonly byKey = new Map<number, ProgramEntry[]>()
  private count = 0
  private bytes = 0

  /** At most `max` programs and about `maxBytes` of static bytes (all are dropped when either is reached). */
  constructor(
    private readonly max: number,
    private readonly maxBytes = 8 << 20,
  ) {}

  get size(): number {
    return this.count
  }

  /** The program of this signature; null when it is known not to compile, undefined when not known. */
  get(sb: SigBuffer): Program | null | undefined {
    const list = this.byKey.get(sb.hash)
    if (!list) return undefined
    const codes = sb.codes
    const n = sb.len
    outer: for (let e = 0; e < list.length; e++) {
      const c = list[e]!.codes
      if (c.length !== n) continue
      for (let i = 0; i < n; i++) if (c[i] !== codes[i]) continue outer
      return list[e]!.prog
    }
    return undefined
  }

  set(sb: SigBuffer, prog: Program | null): void {
    if (this.count >= this.max || this.bytes >= this.maxBytes) {
      this.byKey.clear()
      this.count = 0
      this.bytes = 0
    }
    // the static bytes are held twice: whole and as segments
    this.bytes += sb.len * 4 + (prog ? 2 * prog.lit.length : 0)
    let list = this.byKey.get(sb.hash)
    if (!list) this.byKey.set(sb.hash, (list = []))
    list.push({codes: sb.codes.slice(0, sb.len), prog})
    this.count++
  }
}

/** Substitution values as a program reads them: parsed Values or the fast paths' typed arrays. */
interface ValueTable {
  types: ArrayLike<number>
  offs: ArrayLike<number>
  sizes: ArrayLike<number>
}

export function runProgram(p: Program, out: ByteOut, src: ValueSource, tables: readonly ValueTable[]): void {
  const segs = p.segs
  const n = p.subs.length
  for (let i = 0; i <= n; i++) {
    const seg = segs[i]!
    const len = seg.length
    if (len > 0) {
      if (out.pos + len > out.buf.length) out.ensure(len)
      const b = out.buf
      const q = out.pos
      if (len < 16) for (let j = 0; j < len; j++) b[q + j] = seg[j]!
      else b.set(seg, q)
      out.pos = q + len
    }
    if (i === n) break
    const vals = tables[p.tables[i]!]!
    const sub = p.subs[i]!
    const mode = p.modes[i]!
    writeValue(out, src, vals.types[sub]!, vals.offs[sub]!, vals.sizes[sub]!, mode === HOLE_NUMBER ? 0 : (mode as EscapeMode))
  }
}
