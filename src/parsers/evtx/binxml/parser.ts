/**
 * BinXml token stream → node tree (MS-EVEN6 §2.2.12 / §3.1.4.7). One parser serves template definitions
 * (element starts carry a dependency id, substitutions allowed) and record streams (template instances allowed).
 */

import {TEMPLATE_HEADER_SIZE, Token, ValueType as VT} from '../constants.js'
import {EvtxDecodeError, need} from '../errors.js'
import type {StringCache} from '../string-cache.js'
import {
  AttrNode,
  CharRefNode,
  ElementNode,
  EntityRefNode,
  InstanceNode,
  PINode,
  SubstitutionNode,
  TextNode,
  ValueNode,
  newTemplateDefinition,
  type Node,
  type TemplateDefinition,
  type Values,
} from './nodes.js'
import {fixedSize, guidText, scalarText, utf16Text, type ValueSource} from './values.js'

/** Limits that keep any input bounded. */
export const Limits = {
  /** Nesting of BinXml inside substitutions (and of template instances). */
  maxDepth: 16,
  /** Open elements in one stream. */
  maxElementDepth: 256,
  /** Nodes parsed per stream / resolved per record. */
  maxNodes: 100_000,
  /** Substitution values of one template instance. */
  maxValues: 8192,
} as const

/** What a chunk gives the parser: its bytes, names and templates. */
export interface ParseContext extends ValueSource {
  names: StringCache
  templates: Map<number, TemplateDefinition | EvtxDecodeError>
  /** Scratch: where the last instance read by readInstance ended. */
  instanceEnd: number
}

interface NameOut {
  name: ElementNode['name'] | null
  /** Where name offsets were read (template definitions only). */
  refs: number[] | null
}

/** Reads a name reference (u32 offset) at `pos`; returns the position after it (skipping an inline entry). */
function readNameRef(ctx: ParseContext, pos: number, end: number, out: NameOut): number {
  need('name offset', pos, 4, end)
  out.refs?.push(pos)
  const off = ctx.dv.getUint32(pos, true)
  pos += 4
  out.name = ctx.names.get(off)
  if (off === pos) {
    const size = ctx.names.entrySize(off)
    need('inline name', pos, size, end)
    pos += size
  }
  return pos
}

/** Reads a u16 character count and that many UTF-16 characters. */
function readCountedString(ctx: ParseContext, pos: number, end: number, what: string): [string, number] {
  need(what, pos, 2, end)
  const n = ctx.dv.getUint16(pos, true)
  need(what, pos + 2, n * 2, end)
  return [utf16Text(ctx.buf, pos + 2, n), pos + 2 + n * 2]
}

export interface ParsedStream {
  nodes: Node[]
  end: number
  /** Template definitions: chunk offsets of the name references read. */
  nameRefs: number[]
}

/**
 * Parses tokens from `pos` until EOF or `end`. `template`: a template definition body. `depth`: BinXml nesting.
 */
export function parseStream(ctx: ParseContext, pos: number, end: number, template: boolean, depth: number): ParsedStream {
  if (depth > Limits.maxDepth) throw new EvtxDecodeError('BinXml', pos, `nested deeper than ${Limits.maxDepth} levels`)
  const top: Node[] = []
  const stack: ElementNode[] = []
  let cur: ElementNode | null = null
  let attr: AttrNode | null = null
  let count = 0
  const nameOut: NameOut = {name: null, refs: template ? [] : null}
  const dv = ctx.dv

  const content = (node: Node, at: number): void => {
    if (cur) {
      if (!attr) throw new EvtxDecodeError('BinXml', at, 'content inside an element start without an attribute')
      attr.value.push(node)
    } else if (stack.length > 0) stack[stack.length - 1]!.children.push(node)
    else top.push(node)
  }

  while (pos < end) {
    if (++count > Limits.maxNodes) throw new EvtxDecodeError('BinXml', pos, `more than ${Limits.maxNodes} tokens`)
    const tok = ctx.buf[pos]!
    const at = pos
    switch (tok & 0xbf) {
      case Token.EOF:
        return finish(at, pos + 1)
      case Token.FragmentHeader:
        need('fragment header', pos, 4, end)
        pos += 4
        break
      case Token.OpenStartElement: {
        if (cur) throw new EvtxDecodeError('element start', at, 'previous element start not closed')
        if (stack.length >= Limits.maxElementDepth) throw new EvtxDecodeError('element start', at, 'elements nested too deep')
        pos += template ? 3 : 1
        need('element start', pos, 4, end)
        pos += 4 // data size
        pos = readNameRef(ctx, pos, end, nameOut)
        if (tok & Token.MoreFlag) {
          need('attribute list size', pos, 4, end)
          pos += 4
        }
        cur = new ElementNode(nameOut.name!)
        attr = null
        break
      }
      case Token.CloseStartElement:
      case Token.CloseEmptyElement: {
        if (!cur) throw new EvtxDecodeError('element start end', at, 'no element start is open')
        pos++
        const el: ElementNode = cur
        cur = null
        attr = null
        if (stack.length > 0) stack[stack.length - 1]!.children.push(el)
        else top.push(el)
        if ((tok & 0xbf) === Token.CloseStartElement) stack.push(el)
        break
      }
      case Token.EndElement:
        if (cur || stack.length === 0) throw new EvtxDecodeError('element end', at, 'no element is open')
        pos++
        stack.pop()
        if (template && stack.length === 0) {
          // the template's root element ended; an EOF token normally follows
          if (pos < end && ctx.buf[pos] === Token.EOF) pos++
          return finish(at, pos)
        }
        break
      case Token.Value: {
        need('value', pos, 2, end)
        const type = ctx.buf[pos + 1]!
        pos += 2
        if (type === VT.String) {
          const [s, next] = readCountedString(ctx, pos, end, 'value text')
          pos = next
          content(new TextNode(s, false), at)
        } else if (type === VT.AnsiString || type === VT.Binary) {
          need('value', pos, 2, end)
          const n = dv.getUint16(pos, true)
          need('value', pos + 2, n, end)
          content(template ? new TextNode(scalarText(ctx, type, pos + 2, n), false) : new ValueNode(type, pos + 2, n), at)
          pos += 2 + n
        } else {
          const n = fixedSize(type)
          if (n === 0) throw new EvtxDecodeError('value', at, `value token of type 0x${type.toString(16)} is not supported`)
          need('value', pos, n, end)
          content(template ? new TextNode(scalarText(ctx, type, pos, n), false) : new ValueNode(type, pos, n), at)
          pos += n
        }
        break
      }
      case Token.Attribute: {
        if (!cur) throw new EvtxDecodeError('attribute', at, 'attribute outside an element start')
        pos = readNameRef(ctx, pos + 1, end, nameOut)
        attr = new AttrNode(nameOut.name!)
        cur.attrs.push(attr)
        break
      }
      case Token.CDataSection: {
        const [s, next] = readCountedString(ctx, pos + 1, end, 'CDATA section')
        pos = next
        content(new TextNode(s, true), at)
        break
      }
      case Token.CharRef:
        need('character reference', pos, 3, end)
        content(new CharRefNode(dv.getUint16(pos + 1, true)), at)
        pos += 3
        break
      case Token.EntityRef:
        pos = readNameRef(ctx, pos + 1, end, nameOut)
        content(new EntityRefNode(nameOut.name!), at)
        break
      case Token.PITarget:
        pos = readNameRef(ctx, pos + 1, end, nameOut)
        content(new PINode(nameOut.name!), at)
        break
      case Token.PIData: {
        const [s, next] = readCountedString(ctx, pos + 1, end, 'PI data')
        pos = next
        const parent = attr ? attr.value : stack.length > 0 ? stack[stack.length - 1]!.children : top
        const last = parent[parent.length - 1]
        if (last instanceof PINode) last.data = s
        break
      }
      case Token.TemplateInstance: {
        if (template) throw new EvtxDecodeError('template instance', at, 'inside a template definition')
        if (cur) throw new EvtxDecodeError('template instance', at, 'inside an element start')
        const [node, next] = parseInstance(ctx, pos, end, depth)
        pos = next
        content(node, at)
        break
      }
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution: {
        if (!template) throw new EvtxDecodeError('substitution', at, 'outside a template definition')
        need('substitution', pos, 4, end)
        content(new SubstitutionNode(dv.getUint16(pos + 1, true), ctx.buf[pos + 3]!, tok === Token.OptionalSubstitution), at)
        pos += 4
        break
      }
      default:
        throw new EvtxDecodeError('BinXml token', at, `unknown token 0x${tok.toString(16).padStart(2, '0')}`)
    }
  }
  return finish(pos, pos)

  function finish(at: number, next: number): ParsedStream {
    if (cur || stack.length > 0) throw new EvtxDecodeError('BinXml', at, 'stream ends inside an open element')
    return {nodes: top, end: next, nameRefs: nameOut.refs ?? []}
  }
}

/** Template instance at `pos` (the 0x0c token): template reference and substitution values; the position after it. */
export function parseInstance(ctx: ParseContext, pos: number, end: number, depth: number): [InstanceNode, number] {
  const node = readInstance(ctx, pos, end, depth)
  return [node, ctx.instanceEnd]
}

/** As parseInstance, leaving the end position in `ctx.instanceEnd` (no tuple per record). */
export function readInstance(ctx: ParseContext, pos: number, end: number, depth: number): InstanceNode {
  const at = pos
  need('template instance', pos, 10, end)
  const defOff = ctx.dv.getUint32(pos + 6, true)
  pos += 10
  if (defOff === pos) {
    need('template definition header', pos, TEMPLATE_HEADER_SIZE, end)
    const size = ctx.dv.getUint32(pos + 20, true)
    need('template definition', pos + TEMPLATE_HEADER_SIZE, size, end)
    pos += TEMPLATE_HEADER_SIZE + size
  }
  const template = templateAt(ctx, defOff, depth)
  need('substitution count', pos, 4, end)
  const n = ctx.dv.getUint32(pos, true)
  pos += 4
  if (n > Limits.maxValues || n * 4 > end - pos) {
    throw new EvtxDecodeError('template instance', at, `${n} substitution values do not fit in the record`)
  }
  // packed (push-built) arrays: faster to read than the holey ones `new Array(n)` makes
  const types: number[] = []
  const offs: number[] = []
  const sizes: number[] = []
  const b = ctx.buf
  let voff = pos + n * 4
  for (let i = 0, d = pos; i < n; i++, d += 4) {
    const size = b[d]! | (b[d + 1]! << 8)
    types.push(b[d + 2]!)
    offs.push(voff)
    sizes.push(size)
    voff += size
  }
  if (voff > end) throw new EvtxDecodeError('substitution values', pos, `need ${voff - pos} bytes, ${end - pos} available`)
  const values: Values = {types, offs, sizes}
  ctx.instanceEnd = voff
  return new InstanceNode(template, values)
}

/**
 * A stream that is exactly one template instance (after an optional fragment header, + EOF): the instance, else undefined.
 * This is the shape of nearly every record and nested EventData, read without the general token loop.
 */
export function soleInstanceAt(ctx: ParseContext, start: number, end: number, depth: number): InstanceNode | undefined {
  const at = soleInstanceToken(ctx.buf, start, end)
  if (at < 0) return undefined
  const node = readInstance(ctx, at, end, depth)
  const next = ctx.instanceEnd
  return next >= end || ctx.buf[next] === Token.EOF ? node : undefined
}

/**
 * Where the instance token is when `[start, end)` starts with one, after a fragment header or without one (nested
 * BinXml values often start with the instance itself); else -1.
 */
export function soleInstanceToken(b: Uint8Array, start: number, end: number): number {
  if (end - start >= 15 && b[start] === Token.FragmentHeader && b[start + 4] === Token.TemplateInstance) return start + 4
  if (end - start >= 14 && b[start] === Token.TemplateInstance) return start
  return -1
}

/** The template definition at chunk offset `off`, parsed once per chunk. */
export function templateAt(ctx: ParseContext, off: number, depth: number): TemplateDefinition {
  const cached = ctx.templates.get(off)
  if (cached) {
    if (cached instanceof EvtxDecodeError) throw cached
    return cached
  }
  try {
    const end = ctx.buf.length
    need('template definition header', off, TEMPLATE_HEADER_SIZE, end)
    const size = ctx.dv.getUint32(off + 20, true)
    const start = off + TEMPLATE_HEADER_SIZE
    need('template definition', start, size, end)
    const parsed = parseStream(ctx, start, start + size, true, depth + 1)
    const guid = guidText(ctx.buf, off + 4)
    const def = newTemplateDefinition(off, guid, size, parsed.nodes, parsed.nameRefs)
    ctx.templates.set(off, def)
    return def
  } catch (err) {
    const e = err instanceof EvtxDecodeError ? err : new EvtxDecodeError('template definition', off, String(err))
    const wrapped = new EvtxDecodeError('template definition', off, e.message, {cause: e})
    ctx.templates.set(off, wrapped)
    throw wrapped
  }
}
