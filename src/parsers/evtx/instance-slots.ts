/**
 * Template instances read into reusable typed arrays (substitution type, chunk offset, size), with the checks of
 * the general parser's readInstance but no allocation per record: the fast paths' way into a record.
 */

import {TEMPLATE_HEADER_SIZE, Token, ValueType} from './constants.js'
import {Limits, soleInstanceToken, type ParseContext} from './binxml/parser.js'

/** Substitution descriptors of one template instance. */
export class ValueSlots {
  types = new Uint8Array(64)
  offs = new Int32Array(64)
  sizes = new Int32Array(64)
  n = 0
  /** Chunk offset just after the instance's last value. */
  end = 0
  /** Non-empty BinXml values (nested fragments), and the index of the first. */
  nestedCount = 0
  firstNested = -1

  /** Room for `n` values (at most Limits.maxValues). */
  reserve(n: number): void {
    if (n <= this.types.length) return
    const size = Math.min(Limits.maxValues, Math.max(n, this.types.length * 2))
    this.types = new Uint8Array(size)
    this.offs = new Int32Array(size)
    this.sizes = new Int32Array(size)
  }
}

/**
 * Reads the template instance whose token is at `at` into `slots`; returns its template definition offset, or -1
 * when the instance is not well-formed (the general path says why). The checks are readInstance's.
 */
function readInstanceInto(ctx: ParseContext, at: number, end: number, slots: ValueSlots): number {
  if (end - at < 14) return -1
  const b = ctx.buf
  const dv = ctx.dv
  const defOff = dv.getUint32(at + 6, true)
  let pos = at + 10
  if (defOff === pos) {
    if (end - pos < TEMPLATE_HEADER_SIZE) return -1
    pos += TEMPLATE_HEADER_SIZE + dv.getUint32(pos + 20, true)
    if (end - pos < 4) return -1
  }
  const n = dv.getUint32(pos, true)
  pos += 4
  if (n > Limits.maxValues || n * 4 > end - pos) return -1
  slots.reserve(n)
  const types = slots.types
  const offs = slots.offs
  const sizes = slots.sizes
  let voff = pos + n * 4
  let nested = 0
  let first = -1
  for (let i = 0, d = pos; i < n; i++, d += 4) {
    const size = b[d]! | (b[d + 1]! << 8)
    const type = b[d + 2]!
    types[i] = type
    offs[i] = voff
    sizes[i] = size
    voff += size
    if (type === ValueType.BinXml && size !== 0 && nested++ === 0) first = i
  }
  if (voff > end) return -1
  slots.n = n
  slots.end = voff
  slots.nestedCount = nested
  slots.firstNested = first
  return defOff
}

/** Reads a stream that is exactly one instance (+ EOF) into `slots`: its template definition offset, else -1. */
export function soleInstanceInto(ctx: ParseContext, start: number, end: number, slots: ValueSlots): number {
  const at = soleInstanceToken(ctx.buf, start, end)
  if (at < 0) return -1
  const defOff = readInstanceInto(ctx, at, end, slots)
  if (defOff < 0 || (slots.end < end && ctx.buf[slots.end] !== Token.EOF)) return -1
  return defOff
}
