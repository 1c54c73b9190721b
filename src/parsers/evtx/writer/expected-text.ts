/** How the decoder is expected to render values as text (conventions in docs/evtx.md). */

import {guidBytes, systemtimeBytes} from './bytes.js'
import {filetimeToIso7, isoToFiletime} from './time.js'
import type {EvtxValueInput, LiteralNode, ScalarType} from './values.js'

export function guidText(guid: string): string {
  const b = guidBytes(guid)
  const dv = new DataView(b.buffer)
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0')
  const tail = [...b.subarray(8)].map((x) => h(x, 2)).join('')
  return `{${h(dv.getUint32(0, true), 8)}-${h(dv.getUint16(4, true), 4)}-${h(dv.getUint16(6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}}`.toUpperCase()
}

function scalarText(type: ScalarType, value: unknown, width?: 4 | 8): string {
  switch (type) {
    case 'string':
    case 'ansi':
      return value as string
    case 'hex32':
      return `0x${(value as number).toString(16)}`
    case 'hex64':
      return `0x${(value as bigint).toString(16)}`
    case 'sizet':
      return `0x${(width === 4 ? BigInt.asUintN(32, value as bigint) : (value as bigint)).toString(16)}`
    case 'bool':
      return value ? 'true' : 'false'
    case 'binary':
      return [...(value as Uint8Array)].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()
    case 'guid':
      return guidText(value as string)
    case 'filetime':
      return filetimeToIso7(typeof value === 'string' ? isoToFiletime(value) : (value as bigint))
    case 'systemtime': {
      const b = systemtimeBytes(value as string)
      const dv = new DataView(b.buffer)
      const g = (i: number, w: number) => String(dv.getUint16(i * 2, true)).padStart(w, '0')
      return `${g(0, 4)}-${g(1, 2)}-${g(3, 2)}T${g(4, 2)}:${g(5, 2)}:${g(6, 2)}.${g(7, 3)}0000Z`
    }
    case 'sid':
      return (value as string).toUpperCase()
    case 'float':
      return String(Math.fround(value as number))
    default:
      return String(value)
  }
}

const XML_ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}

/** Text of literal content as a reader sees it: CDATA as text, references resolved, processing instructions dropped. */
function literalText(nodes: LiteralNode[]): string {
  return nodes
    .map((n) =>
      'text' in n ? n.text : 'cdata' in n ? n.cdata : 'charRef' in n ? String.fromCharCode(n.charRef) : 'entityRef' in n ? (XML_ENTITIES[n.entityRef] ?? `&${n.entityRef};`) : '',
    )
    .join('')
}

/**
 * How the decoder is expected to render a value as text: GUIDs upper case in braces, hex32/hex64/size_t as
 * lower-case `0x...`, binary upper-case hex, bool `true`/`false`, times `...fffffffZ`; arrays give one text per item.
 */
export function expectedText(v: EvtxValueInput): string | string[] {
  if (typeof v === 'string') return v
  if (v.type === 'null') return ''
  if (v.type === 'literal') return literalText(v.nodes)
  if (v.type === 'array') return (v.values as unknown[]).map((x) => scalarText(v.of, x))
  return scalarText(v.type, v.value, v.type === 'sizet' ? v.width : undefined)
}
