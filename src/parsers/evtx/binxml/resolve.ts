/**
 * Template instantiation: substitutions replaced by their values, optional empty ones dropped, BinXml values and
 * nested instances spliced in place, array values in an element repeating the element (MS-EVEN6 §3.1.4.7.5).
 */

import {ValueType as VT} from '../constants.js'
import {EvtxDecodeError} from '../errors.js'
import {
  AttrNode,
  ElementNode,
  NodeKind,
  ValueNode,
  type Node,
  type Values,
} from './nodes.js'
import {Limits, parseStream, soleInstanceAt, type ParseContext} from './parser.js'
import {arrayItems, isEmptyValue} from './values.js'

/** A resolved tree holds no substitutions or instances. */
export type ResolvedNode = Exclude<Node, {kind: typeof NodeKind.Substitution | typeof NodeKind.Instance}>

export interface ResolveState {
  ctx: ParseContext
  /** Nodes produced so far for this record (bounded by Limits.maxNodes). */
  budget: number
  /** BinXml values already parsed for this record, by chunk offset (so every pass sees the same nodes). */
  nestedOffs?: number[]
  nested?: Node[][]
}

/** The parsed nodes of the BinXml value at `off`, parsed once per record. */
export function nestedNodes(st: ResolveState, off: number, size: number, depth: number): Node[] {
  const offs = st.nestedOffs
  if (offs) for (let i = 0; i < offs.length; i++) if (offs[i] === off) return st.nested![i]!
  const inst = depth <= Limits.maxDepth ? soleInstanceAt(st.ctx, off, off + size, depth) : undefined
  const nodes = inst ? [inst] : parseStream(st.ctx, off, off + size, false, depth).nodes
  ;(st.nestedOffs ??= []).push(off)
  ;(st.nested ??= []).push(nodes)
  return nodes
}

export function resolveNodes(st: ResolveState, nodes: readonly Node[], vals: Values | null, depth: number, out: Node[], inAttr: boolean): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!
    if (++st.budget > Limits.maxNodes) throw new EvtxDecodeError('record', 0, `expands to more than ${Limits.maxNodes} nodes`)
    switch (node.kind) {
      case NodeKind.Element:
        resolveElement(st, node, vals, depth, out)
        break
      case NodeKind.Substitution: {
        if (!vals || node.index >= vals.types.length) {
          if (!node.optional) out.push(new ValueNode(VT.Null, 0, 0))
          break
        }
        const type = vals.types[node.index]!
        const off = vals.offs[node.index]!
        const size = vals.sizes[node.index]!
        if (type === VT.BinXml) {
          if (size === 0 || inAttr) break
          resolveBinXml(st, off, size, depth + 1, out)
          break
        }
        if (node.optional && isEmptyValue(st.ctx, type, off, size)) break
        out.push(new ValueNode(type, off, size, node.index, vals))
        break
      }
      case NodeKind.Instance:
        if (inAttr) break
        if (depth + 1 > Limits.maxDepth) throw new EvtxDecodeError('template instance', 0, 'nested too deep')
        resolveNodes(st, node.template.nodes, node.values, depth + 1, out, false)
        break
      default:
        out.push(node)
    }
  }
}

function resolveBinXml(st: ResolveState, off: number, size: number, depth: number, out: Node[]): void {
  resolveNodes(st, nestedNodes(st, off, size, depth), null, depth, out, false)
}

function resolveElement(st: ResolveState, el: ElementNode, vals: Values | null, depth: number, out: Node[]): void {
  const r = new ElementNode(el.name)
  for (let i = 0; i < el.attrs.length; i++) {
    const a = el.attrs[i]!
    const ra = new AttrNode(a.name)
    resolveNodes(st, a.value, vals, depth, ra.value, true)
    r.attrs.push(ra)
  }
  resolveNodes(st, el.children, vals, depth, r.children, false)
  // array substitution directly in the element: one element per item
  const kids = r.children
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!
    if (k.kind !== NodeKind.Value || (k.type & VT.ArrayFlag) === 0) continue
    const items = arrayItems(st.ctx, k.type, k.off, k.size)
    if (items.length <= 1) break
    st.budget += items.length * (kids.length + 1)
    if (st.budget > Limits.maxNodes) throw new EvtxDecodeError('record', 0, `expands to more than ${Limits.maxNodes} nodes`)
    const base = k.type & 0x7f
    for (const [ioff, isize] of items) {
      const copy = new ElementNode(r.name)
      copy.attrs = r.attrs
      copy.children = kids.slice()
      if (base === VT.String && isize === 0) copy.children.splice(i, 1)
      else copy.children[i] = new ValueNode(base, ioff, isize)
      out.push(copy)
    }
    return
  }
  out.push(r)
}

/** Resolves a record's top-level nodes and returns its root element (the first one), if any. */
export function resolveRecord(st: ResolveState, nodes: readonly Node[]): ElementNode | undefined {
  const out: Node[] = []
  resolveNodes(st, nodes, null, 0, out, false)
  for (const n of out) if (n.kind === NodeKind.Element) return n
  return undefined
}

/** Parses the nested BinXml values of an instance, recursively through nested instances, to surface damage. */
export function validateNested(st: ResolveState, vals: Values, depth = 0): void {
  for (let i = 0; i < vals.types.length; i++) {
    if (vals.types[i] !== VT.BinXml || vals.sizes[i] === 0) continue
    if (depth >= Limits.maxDepth) throw new EvtxDecodeError('BinXml', vals.offs[i]!, 'nested too deep')
    for (const n of nestedNodes(st, vals.offs[i]!, vals.sizes[i]!, depth + 1)) {
      if (n.kind === NodeKind.Instance) validateNested(st, n.values, depth + 1)
    }
  }
}
