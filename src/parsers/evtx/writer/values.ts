/** Typed substitution values: their types, the `V` constructors, type bytes and the bytes they are stored as. */

import {concat, guidBytes, hexToBytes, sidBytes, systemtimeBytes, utf16} from './bytes.js'
import {isoToFiletime} from './time.js'

export type ScalarType =
  | 'string'
  | 'ansi'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double'
  | 'bool'
  | 'binary'
  | 'guid'
  | 'sizet'
  | 'filetime'
  | 'systemtime'
  | 'sid'
  | 'hex32'
  | 'hex64'

export type ScalarValue =
  | {type: 'string' | 'ansi'; value: string}
  | {type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'hex32'; value: number}
  | {type: 'int64' | 'uint64' | 'hex64'; value: bigint}
  | {type: 'float' | 'double'; value: number}
  | {type: 'bool'; value: boolean}
  | {type: 'binary'; value: Uint8Array}
  /** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, braces optional, any case. */
  | {type: 'guid'; value: string}
  /** size_t: 8 bytes (64-bit Windows) unless `width` is 4. */
  | {type: 'sizet'; value: bigint; width?: 4 | 8}
  /** FILETIME ticks, or an ISO-8601 UTC time with up to 7 fraction digits. */
  | {type: 'filetime'; value: bigint | string}
  /** ISO-8601 UTC with up to 3 fraction digits (SYSTEMTIME keeps milliseconds). */
  | {type: 'systemtime'; value: string}
  /** `S-1-5-21-...` */
  | {type: 'sid'; value: string}

export type ArrayValue =
  | {type: 'array'; of: 'string' | 'ansi' | 'guid' | 'sid' | 'filetime' | 'systemtime'; values: string[]}
  | {type: 'array'; of: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'hex32' | 'float' | 'double'; values: number[]}
  | {type: 'array'; of: 'int64' | 'uint64' | 'hex64' | 'sizet'; values: bigint[]}
  | {type: 'array'; of: 'bool'; values: boolean[]}

/**
 * Null: an optional substitution with this value is left out of the rendering; a normal one renders empty
 * (libevtx rejects Null in a normal substitution; Windows writes an empty String there instead).
 * `templateType` declares a different type in the template than the value carries, as Windows does for
 * Security `ProcessId` (declared size_t, written HexInt64).
 */
export type EvtxValue = (ScalarValue & {templateType?: ScalarType}) | ArrayValue | {type: 'null'} | LiteralValue

/** Literal BinXml content of a field, written in the template instead of a substitution (rare tokens included). */
export type LiteralNode =
  | {text: string}
  | {cdata: string}
  | {charRef: number}
  | {entityRef: string}
  | {piTarget: string; piData?: string}

export interface LiteralValue {
  type: 'literal'
  nodes: LiteralNode[]
}

/** What EventData fields accept: a plain string means a String substitution. */
export type EvtxValueInput = EvtxValue | string

/** Field name → value, in document order. An empty name writes an unnamed `<Data>`. */
export type EventDataInput = Record<string, EvtxValueInput> | ReadonlyArray<readonly [string, EvtxValueInput]>

type ArrayItem<T> = T extends 'string' | 'ansi' | 'guid' | 'sid' | 'filetime' | 'systemtime'
  ? string
  : T extends 'int64' | 'uint64' | 'hex64' | 'sizet'
    ? bigint
    : T extends 'bool'
      ? boolean
      : number

/** Constructors for typed values. */
export const V = {
  string: (value: string): EvtxValue => ({type: 'string', value}),
  ansi: (value: string): EvtxValue => ({type: 'ansi', value}),
  int8: (value: number): EvtxValue => ({type: 'int8', value}),
  uint8: (value: number): EvtxValue => ({type: 'uint8', value}),
  int16: (value: number): EvtxValue => ({type: 'int16', value}),
  uint16: (value: number): EvtxValue => ({type: 'uint16', value}),
  int32: (value: number): EvtxValue => ({type: 'int32', value}),
  uint32: (value: number): EvtxValue => ({type: 'uint32', value}),
  int64: (value: bigint | number): EvtxValue => ({type: 'int64', value: BigInt(value)}),
  uint64: (value: bigint | number): EvtxValue => ({type: 'uint64', value: BigInt(value)}),
  hex32: (value: number): EvtxValue => ({type: 'hex32', value}),
  hex64: (value: bigint | number): EvtxValue => ({type: 'hex64', value: BigInt(value)}),
  float: (value: number): EvtxValue => ({type: 'float', value}),
  double: (value: number): EvtxValue => ({type: 'double', value}),
  bool: (value: boolean): EvtxValue => ({type: 'bool', value}),
  binary: (value: Uint8Array | string): EvtxValue => ({type: 'binary', value: typeof value === 'string' ? hexToBytes(value) : value}),
  guid: (value: string): EvtxValue => ({type: 'guid', value}),
  sizet: (value: bigint | number, width: 4 | 8 = 8): EvtxValue => ({type: 'sizet', value: BigInt(value), width}),
  filetime: (value: bigint | string): EvtxValue => ({type: 'filetime', value}),
  systemtime: (value: string): EvtxValue => ({type: 'systemtime', value}),
  sid: (value: string): EvtxValue => ({type: 'sid', value}),
  null: (): EvtxValue => ({type: 'null'}),
  /** Template-literal content: text, CDATA, character/entity references, processing instructions. */
  literal: (...nodes: LiteralNode[]): EvtxValue => ({type: 'literal', nodes}),
  array: <T extends ArrayValue['of']>(of: T, values: Array<ArrayItem<T>>): EvtxValue => ({type: 'array', of, values}) as ArrayValue,
} as const

export const TYPE_CODE: Record<ScalarType, number> = {
  string: 0x01,
  ansi: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  float: 0x0b,
  double: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizet: 0x10,
  filetime: 0x11,
  systemtime: 0x12,
  sid: 0x13,
  hex32: 0x14,
  hex64: 0x15,
}
const NULL_TYPE = 0x00
export const BINXML_TYPE = 0x21
const ARRAY_FLAG = 0x80

/** The type byte a template declares for a value. */
export function declaredTypeCode(v: EvtxValue): number {
  return 'templateType' in v && v.templateType ? TYPE_CODE[v.templateType] : valueTypeCode(v)
}

/** The value type byte written for a value (array flag included). */
export function valueTypeCode(v: EvtxValue): number {
  if (v.type === 'null' || v.type === 'literal') return NULL_TYPE
  if (v.type === 'array') return TYPE_CODE[v.of] | ARRAY_FLAG
  return TYPE_CODE[v.type]
}

/** Bytes of one scalar as stored in a substitution array. */
function scalarBytes(type: ScalarType | 'sizet4', value: unknown): Uint8Array {
  const fixed = (n: number, set: (dv: DataView) => void): Uint8Array => {
    const out = new Uint8Array(n)
    set(new DataView(out.buffer))
    return out
  }
  switch (type) {
    case 'string':
      return utf16(value as string)
    case 'ansi':
      return Uint8Array.from(value as string, (c) => c.charCodeAt(0) & 0xff)
    case 'int8':
      return fixed(1, (dv) => dv.setInt8(0, value as number))
    case 'uint8':
      return fixed(1, (dv) => dv.setUint8(0, value as number))
    case 'int16':
      return fixed(2, (dv) => dv.setInt16(0, value as number, true))
    case 'uint16':
      return fixed(2, (dv) => dv.setUint16(0, value as number, true))
    case 'int32':
      return fixed(4, (dv) => dv.setInt32(0, value as number, true))
    case 'uint32':
    case 'hex32':
      return fixed(4, (dv) => dv.setUint32(0, value as number, true))
    case 'int64':
      return fixed(8, (dv) => dv.setBigInt64(0, value as bigint, true))
    case 'uint64':
    case 'hex64':
    case 'sizet':
      return fixed(8, (dv) => dv.setBigUint64(0, value as bigint, true))
    case 'sizet4':
      return fixed(4, (dv) => dv.setUint32(0, Number(value as bigint), true))
    case 'float':
      return fixed(4, (dv) => dv.setFloat32(0, value as number, true))
    case 'double':
      return fixed(8, (dv) => dv.setFloat64(0, value as number, true))
    case 'bool':
      return fixed(4, (dv) => dv.setUint32(0, value ? 1 : 0, true))
    case 'binary':
      return value as Uint8Array
    case 'guid':
      return guidBytes(value as string)
    case 'filetime':
      return fixed(8, (dv) => dv.setBigUint64(0, typeof value === 'string' ? isoToFiletime(value) : (value as bigint), true))
    case 'systemtime':
      return systemtimeBytes(value as string)
    case 'sid':
      return sidBytes(value as string)
  }
}

/** Bytes of a non-BinXml value in a substitution array. String arrays are NUL-terminated strings back to back. */
export function valueBytes(v: EvtxValue): Uint8Array {
  if (v.type === 'null' || v.type === 'literal') return new Uint8Array(0)
  if (v.type === 'array') {
    const parts: Uint8Array[] = []
    for (const item of v.values) {
      if (v.of === 'string') parts.push(utf16(`${item as string}\0`))
      else if (v.of === 'ansi') parts.push(scalarBytes('ansi', `${item as string}\0`))
      else parts.push(scalarBytes(v.of, item))
    }
    return concat(parts)
  }
  if (v.type === 'sizet' && v.width === 4) return scalarBytes('sizet4', v.value)
  return scalarBytes(v.type, v.value)
}
