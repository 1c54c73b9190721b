/**
 * Synthetic EVTX writer: builds valid `.evtx` files (and deliberately damaged variants) for tests, samples and
 * benchmarks, laid out as Windows lays them out.
 *
 * Layout written: a 4 KiB file header (CRC-32 over its first 120 bytes), 64 KiB chunks (header CRC over bytes
 * 0..120 + 128..512, event-records CRC over 512..free-space), each chunk with its own common-string table
 * (64 hash buckets, names written inline on first use, referenced by offset afterwards) and template table
 * (32 buckets). Every record is `**\0\0`, size, EventRecordID, FILETIME written, BinXml, size copy. Its BinXml is
 * the Windows shape: a fragment header and a template instance of an outer "System" template whose substitutions
 * are optional (0x0e) and numbered as Windows numbers them (0 Level, 1 Opcode, 2 Task, 3 EventID, 4 Qualifiers,
 * 5 Keywords, 6 TimeCreated, 7 ActivityID, 8 ProcessID, 9 ThreadID, 10 EventRecordID, 11 Version, 12 UserID,
 * 13 RelatedActivityID, 14 Provider Name, 15 Provider Guid, 16 Channel, 17 EventData as BinXml); classic
 * providers (`eventSourceName` set, e.g. Service Control Manager) have Provider and Channel as literal text,
 * RelatedActivityID at 18 and the EventData BinXml at 19. The EventData BinXml holds its own template instance
 * (`<EventData><Data Name="...">%n</Data>...`, normal substitutions 0x0d) and substitution array. Templates are
 * defined inline on first use in a chunk and referenced by offset by later records of the chunk.
 *
 * Usage:
 *   import {buildEvtx, writeEvtxFile, V, sysmonEvent, bitsClientEvent, securityEvent, system7045Event,
 *           damageEvtx, expectedText} from '../src/parsers/evtx/writer.js'
 *
 *   const common = {computer: 'WKS01.corp.local', time: '2024-03-01T10:00:00.1234567Z'}
 *   const built = buildEvtx([
 *     sysmonEvent(1, {RuleName: '-', UtcTime: '2024-03-01 10:00:00.123', ProcessGuid: '{...}', ProcessId: 4242,
 *                     Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami', ...}, common),
 *     bitsClientEvent(3, {jobTitle: 'backdoor', jobId: '{...}', jobOwner: 'CORP\\bob', ...}, {...common, recordId: 9}),
 *     {provider: 'My-Provider', channel: 'Application', eventId: 1000, ...common,
 *      data: {Count: V.uint32(3), When: V.filetime('2024-01-01T00:00:00.0000000Z'), Names: V.array('string', ['a','b'])}},
 *   ], {maxRecordsPerChunk: 100})
 *   built.bytes          // Uint8Array: the whole file
 *   built.layout         // where every chunk and record went (file offsets), for damage and assertions
 *   built.records        // the specs as written, with the record ids assigned
 *   damageEvtx(built, {kind: 'record-size', record: 3, size: 0})   // → Uint8Array of a damaged copy
 *   writeEvtxFile('/tmp/x.evtx', eventsIterable, options)           // streams chunk by chunk, any size
 *
 * Values: a plain string is a String substitution; anything else is built with `V.*` (see EvtxValue);
 * `V.literal(...)` writes a field's content into the template itself (text, CDATA, character/entity references,
 * processing instructions) so every BinXml token can be produced. Presets
 * (sysmonEvent, bitsClientEvent, securityEvent, system7045Event, powershellEvent) infer the Windows types of known
 * field names (GUIDs, pids as UInt32, LogonId as HexInt64, SIDs, ...) and fill System fields as Windows does;
 * every System field can be overridden through the `common` argument. `expectedText(value)` is how the decoder is
 * expected to render a value (conventions of /work/notes/evtx-api.md).
 */

import {closeSync, openSync, writeSync} from 'node:fs'
import {crc32 as zlibCrc32} from 'node:zlib'

// ---------------------------------------------------------------------------------------------------------------
// Values

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

const TYPE_CODE: Record<ScalarType, number> = {
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
const BINXML_TYPE = 0x21
const ARRAY_FLAG = 0x80

/** The type byte a template declares for a value. */
function declaredTypeCode(v: EvtxValue): number {
  return 'templateType' in v && v.templateType ? TYPE_CODE[v.templateType] : valueTypeCode(v)
}

/** The value type byte written for a value (array flag included). */
export function valueTypeCode(v: EvtxValue): number {
  if (v.type === 'null' || v.type === 'literal') return NULL_TYPE
  if (v.type === 'array') return TYPE_CODE[v.of] | ARRAY_FLAG
  return TYPE_CODE[v.type]
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export interface EvtxEventSpec {
  provider: string
  providerGuid?: string
  /** Classic (non-manifest) providers: written as a literal attribute, with Provider and Channel literal too. */
  eventSourceName?: string
  eventId: number
  /** Written where Windows writes it (classic providers, e.g. 16384 for SCM 7045). */
  qualifiers?: number
  version?: number
  level?: number
  task?: number
  opcode?: number
  keywords?: bigint
  /** TimeCreated: ISO-8601 UTC with up to 7 fraction digits, or FILETIME ticks. */
  time: string | bigint
  /** Record header FILETIME; defaults to `time`. */
  written?: string | bigint
  /** EventRecordID (and record header id); defaults to the previous record's + 1, starting at 1. */
  recordId?: number | bigint
  activityId?: string
  relatedActivityId?: string
  processId?: number
  threadId?: number
  channel: string
  computer: string
  /** Security UserID; absent → `<Security/>` without UserID, as in Security logs. */
  userSid?: string
  data?: EventDataInput
  /** `<UserData><element xmlns=namespace><name>value</name>...</element></UserData>` instead of EventData. */
  userData?: {element: string; namespace?: string; fields: EventDataInput}
}

/** A spec as written: record id assigned, times normalised. */
export interface WrittenRecord {
  spec: EvtxEventSpec
  recordId: bigint
  /** TimeCreated as ISO-8601 with 7 fraction digits. */
  time: string
  /** Normalised EventData (or UserData fields) in document order. */
  fields: Array<[string, EvtxValue]>
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding helpers

const FILETIME_UNIX_EPOCH = 116444736000000000n

/** ISO-8601 UTC (`...Z`, up to 7 fraction digits) → FILETIME ticks. */
export function isoToFiletime(iso: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z?$/.exec(iso)
  if (!m) throw new RangeError(`writer: not an ISO-8601 UTC time: "${iso}"`)
  const ms = Date.parse(`${m[1]}T${m[2]}Z`)
  if (Number.isNaN(ms)) throw new RangeError(`writer: not a valid time: "${iso}"`)
  const frac = BigInt((m[3] ?? '').padEnd(7, '0'))
  return BigInt(ms / 1000) * 10000000n + frac + FILETIME_UNIX_EPOCH
}

/** FILETIME ticks → `YYYY-MM-DDTHH:MM:SS.fffffffZ`. */
export function filetimeToIso7(ticks: bigint): string {
  const since = ticks - FILETIME_UNIX_EPOCH
  let sec = since / 10000000n
  let frac = since % 10000000n
  if (frac < 0n) {
    frac += 10000000n
    sec -= 1n
  }
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '')
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new RangeError(`writer: not hex: "${hex}"`)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

function guidBytes(guid: string): Uint8Array {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(guid)
  if (!m) throw new RangeError(`writer: not a GUID: "${guid}"`)
  const out = new Uint8Array(16)
  const dv = new DataView(out.buffer)
  dv.setUint32(0, parseInt(m[1]!, 16), true)
  dv.setUint16(4, parseInt(m[2]!, 16), true)
  dv.setUint16(6, parseInt(m[3]!, 16), true)
  out.set(hexToBytes(m[4]! + m[5]!), 8)
  return out
}

function sidBytes(sid: string): Uint8Array {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(sid)
  if (!m) throw new RangeError(`writer: not a SID: "${sid}"`)
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : []
  const out = new Uint8Array(8 + subs.length * 4)
  const dv = new DataView(out.buffer)
  out[0] = Number(m[1])
  out[1] = subs.length
  const auth = BigInt(m[2]!)
  for (let i = 0; i < 6; i++) out[2 + i] = Number((auth >> BigInt(8 * (5 - i))) & 0xffn)
  subs.forEach((s, i) => dv.setUint32(8 + i * 4, s, true))
  return out
}

function systemtimeBytes(iso: string): Uint8Array {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/.exec(iso)
  if (!m) throw new RangeError(`writer: not a SYSTEMTIME (ISO with up to 3 fraction digits): "${iso}"`)
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]))
  const dow = new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDay()
  const out = new Uint8Array(16)
  const dv = new DataView(out.buffer)
  ;[y!, mo!, dow, d!, h!, mi!, s!, Number((m[7] ?? '').padEnd(3, '0'))].forEach((x, i) => dv.setUint16(i * 2, x, true))
  return out
}

function utf16(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out[i * 2] = c & 0xff
    out[i * 2 + 1] = c >> 8
  }
  return out
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Windows' name hash: h = h * 65599 + code unit, kept to 32 bits; the low 16 bits are stored. */
export function nameHash(name: string): number {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0
  return h & 0xffff
}

// ---------------------------------------------------------------------------------------------------------------
// Expected rendering (conventions of the decoder: /work/notes/evtx-api.md)

function guidText(guid: string): string {
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

// ---------------------------------------------------------------------------------------------------------------
// Template trees

type XContent =
  | {kind: 'text'; text: string}
  | {kind: 'cdata'; text: string}
  | {kind: 'charref'; code: number}
  | {kind: 'entityref'; name: string}
  | {kind: 'pi'; target: string; data: string}
  | {kind: 'sub'; index: number; type: number; optional: boolean}
  | XElement
interface XElement {
  kind: 'element'
  name: string
  attrs: Array<{name: string; value: XContent}>
  children: XContent[]
}

const el = (name: string, attrs: XElement['attrs'] = [], children: XContent[] = []): XElement => ({kind: 'element', name, attrs, children})
const opt = (index: number, type: number): XContent => ({kind: 'sub', index, type, optional: true})
const text = (t: string): XContent => ({kind: 'text', text: t})

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event'

/** The outer template: Windows' System layout, with the EventData BinXml as the last substitution. */
function systemTemplate(e: EvtxEventSpec): {key: string; root: () => XElement; dataIndex: number; count: number} {
  const classic = e.eventSourceName !== undefined
  const dataIndex = classic ? 19 : 17
  const key = classic
    ? `sys-classic\0${e.provider}\0${e.providerGuid ?? ''}\0${e.eventSourceName}\0${e.channel}\0${e.computer}`
    : `sys\0${e.computer}`
  return {key, root: () => systemTree(e), dataIndex, count: dataIndex + 1}
}

function systemTree(e: EvtxEventSpec): XElement {
  const classic = e.eventSourceName !== undefined
  const provider = classic
    ? el('Provider', [
        {name: 'Name', value: text(e.provider)},
        ...(e.providerGuid ? [{name: 'Guid', value: text(guidText(e.providerGuid).toLowerCase())}] : []),
        {name: 'EventSourceName', value: text(e.eventSourceName!)},
      ])
    : el('Provider', [
        {name: 'Name', value: opt(14, TYPE_CODE.string)},
        {name: 'Guid', value: opt(15, TYPE_CODE.guid)},
      ])
  const related = classic ? 18 : 13
  const dataIndex = classic ? 19 : 17
  const system = el('System', [], [
    provider,
    el('EventID', [{name: 'Qualifiers', value: opt(4, TYPE_CODE.uint16)}], [opt(3, TYPE_CODE.uint16)]),
    el('Version', [], [opt(11, TYPE_CODE.uint8)]),
    el('Level', [], [opt(0, TYPE_CODE.uint8)]),
    el('Task', [], [opt(2, TYPE_CODE.uint16)]),
    el('Opcode', [], [opt(1, TYPE_CODE.uint8)]),
    el('Keywords', [], [opt(5, TYPE_CODE.hex64)]),
    el('TimeCreated', [{name: 'SystemTime', value: opt(6, TYPE_CODE.filetime)}]),
    el('EventRecordID', [], [opt(10, TYPE_CODE.uint64)]),
    el('Correlation', [
      {name: 'ActivityID', value: opt(7, TYPE_CODE.guid)},
      {name: 'RelatedActivityID', value: opt(related, TYPE_CODE.guid)},
    ]),
    el('Execution', [
      {name: 'ProcessID', value: opt(8, TYPE_CODE.uint32)},
      {name: 'ThreadID', value: opt(9, TYPE_CODE.uint32)},
    ]),
    el('Channel', [], [classic ? text(e.channel) : opt(16, TYPE_CODE.string)]),
    el('Computer', [], [text(e.computer)]),
    el('Security', [{name: 'UserID', value: opt(12, TYPE_CODE.sid)}]),
  ])
  return el('Event', [{name: 'xmlns', value: text(EVENT_NS)}], [system, opt(dataIndex, BINXML_TYPE)])
}

function literalContent(nodes: LiteralNode[]): XContent[] {
  return nodes.map((n): XContent =>
    'text' in n
      ? {kind: 'text', text: n.text}
      : 'cdata' in n
        ? {kind: 'cdata', text: n.cdata}
        : 'charRef' in n
          ? {kind: 'charref', code: n.charRef}
          : 'entityRef' in n
            ? {kind: 'entityref', name: n.entityRef}
            : {kind: 'pi', target: n.piTarget, data: n.piData ?? ''},
  )
}

/** Substitution index of each field (literal fields take none), then the content each field's element holds. */
function fieldContents(fields: Array<[string, EvtxValue]>): XContent[][] {
  let next = 0
  return fields.map(([, v]) => (v.type === 'literal' ? literalContent(v.nodes) : [{kind: 'sub', index: next++, type: declaredTypeCode(v), optional: false}]))
}

function fieldKey(fields: Array<[string, EvtxValue]>): string {
  return fields.map(([n, v]) => `${n}:${v.type === 'literal' ? JSON.stringify(v.nodes) : declaredTypeCode(v)}`).join('\0')
}

/** The values of a record's EventData substitution array (literal fields have none). */
function substitutedValues(fields: Array<[string, EvtxValue]>): EvtxValue[] {
  return fields.filter(([, v]) => v.type !== 'literal').map(([, v]) => v)
}

function dataTemplate(e: EvtxEventSpec, fields: Array<[string, EvtxValue]>): {key: string; root: () => XElement} {
  const ud = e.userData
  if (ud) {
    const root = () => {
      const contents = fieldContents(fields)
      const attrs = ud.namespace ? [{name: 'xmlns', value: text(ud.namespace)}] : []
      return el('UserData', [], [el(ud.element, attrs, fields.map(([name], i) => el(name, [], contents[i]!)))])
    }
    return {key: `ud\0${ud.element}\0${ud.namespace ?? ''}\0${fieldKey(fields)}`, root}
  }
  const root = () => {
    const contents = fieldContents(fields)
    return el('EventData', [], fields.map(([name], i) => el('Data', name === '' ? [] : [{name: 'Name', value: text(name)}], contents[i]!)))
  }
  return {key: `ed\0${fieldKey(fields)}`, root}
}

function normaliseFields(data: EventDataInput | undefined): Array<[string, EvtxValue]> {
  if (!data) return []
  const entries: ReadonlyArray<readonly [string, EvtxValueInput]> = Array.isArray(data)
    ? (data as ReadonlyArray<readonly [string, EvtxValueInput]>)
    : Object.entries(data as Record<string, EvtxValueInput>)
  return entries.map(([n, v]) => [n, typeof v === 'string' ? {type: 'string', value: v} : v])
}

// ---------------------------------------------------------------------------------------------------------------
// Chunk encoding

/** Where a record went in the file (all offsets are file offsets). */
export interface RecordLayout {
  /** Index of the record in the input sequence. */
  index: number
  recordId: bigint
  chunk: number
  offset: number
  size: number
  /** File offset of the outer template instance's definition-offset field. */
  templateRefAt: number
  /** True when this record carries the outer template's definition inline (first use in its chunk). */
  definesTemplate: boolean
  /** True when the EventData template is defined inline in this record. */
  definesDataTemplate: boolean
  /** File offset of the outer substitution count (u32); descriptors (u16 size, u8 type, u8 0) follow. */
  substitutionsAt: number
  substitutionCount: number
}

export interface ChunkLayout {
  index: number
  offset: number
  /** File offset of the free-space start (end of the last record). */
  freeSpaceAt: number
  records: RecordLayout[]
}

export interface EvtxLayout {
  chunks: ChunkLayout[]
}

export interface EvtxWriterOptions {
  /** Close a chunk after this many records even when more would fit (to get several chunks from few records). */
  maxRecordsPerChunk?: number
  /** File header flags: dirty (0x1) / full (0x2). Default 0. */
  fileFlags?: number
  /** Value written as the header's chunk count instead of the real one (headers that undercount). */
  headerChunkCount?: number
}

class Overflow extends Error {
  override name = 'Overflow'
}

interface TemplateEntry {
  offset: number
  id: number
}

/** One 64 KiB chunk being filled; rolls back a record that does not fit. */
class ChunkBuilder {
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

function toFiletime(t: string | bigint): bigint {
  return typeof t === 'string' ? isoToFiletime(t) : t
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

function systemValues(
  e: EvtxEventSpec,
  recordId: bigint,
  count: number,
  eventData: EvtxValue | {type: 'binxml'; write: () => void},
): Array<EvtxValue | {type: 'binxml'; write: () => void}> {
  const orNull = (x: EvtxValue | undefined): EvtxValue => x ?? V.null()
  const classic = e.eventSourceName !== undefined
  const out: Array<EvtxValue | {type: 'binxml'; write: () => void}> = Array.from({length: count}, () => V.null())
  out[0] = V.uint8(e.level ?? 4)
  out[1] = V.uint8(e.opcode ?? 0)
  out[2] = V.uint16(e.task ?? 0)
  out[3] = V.uint16(e.eventId)
  out[4] = orNull(e.qualifiers !== undefined ? V.uint16(e.qualifiers) : undefined)
  out[5] = V.hex64(e.keywords ?? 0x8000000000000000n)
  out[6] = V.filetime(toFiletime(e.time))
  out[7] = orNull(e.activityId ? V.guid(e.activityId) : undefined)
  out[8] = V.uint32(e.processId ?? 4)
  out[9] = V.uint32(e.threadId ?? 8)
  out[10] = V.uint64(recordId)
  out[11] = V.uint8(e.version ?? 0)
  out[12] = orNull(e.userSid ? V.sid(e.userSid) : undefined)
  out[classic ? 18 : 13] = orNull(e.relatedActivityId ? V.guid(e.relatedActivityId) : undefined)
  if (!classic) {
    out[14] = V.string(e.provider)
    out[15] = orNull(e.providerGuid ? V.guid(e.providerGuid) : undefined)
    out[16] = V.string(e.channel)
  }
  out[count - 1] = eventData
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Files

function fileHeader(chunkCount: number, headerChunkCount: number, nextRecordId: bigint, flags: number): Uint8Array {
  const b = new Uint8Array(0x1000)
  const dv = new DataView(b.buffer)
  b.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 0)
  dv.setBigUint64(8, 0n, true)
  dv.setBigUint64(16, BigInt(Math.max(0, chunkCount - 1)), true)
  dv.setBigUint64(24, nextRecordId, true)
  dv.setUint32(32, 0x80, true)
  dv.setUint16(36, 1, true)
  dv.setUint16(38, 3, true)
  dv.setUint16(40, 0x1000, true)
  dv.setUint16(42, headerChunkCount, true)
  dv.setUint32(120, flags, true)
  dv.setUint32(124, zlibCrc32(b.subarray(0, 120)), true)
  return b
}

/** Encodes records into finished chunks, one at a time; `onRecord` sees each record as written. */
function* encodeChunks(
  events: Iterable<EvtxEventSpec>,
  options: EvtxWriterOptions,
  state: {nextId: bigint; layout?: EvtxLayout; written?: WrittenRecord[]},
): Generator<Uint8Array> {
  let chunk = new ChunkBuilder()
  let chunkIndex = 0
  let index = 0
  const max = options.maxRecordsPerChunk ?? Infinity
  const flush = (c: ChunkBuilder): Uint8Array => {
    const base = 0x1000 + chunkIndex * 0x10000
    state.layout?.chunks.push({
      index: chunkIndex,
      offset: base,
      freeSpaceAt: base + c.pos,
      records: c.records.map((r) => ({
        index: r.index,
        recordId: r.recordId,
        chunk: chunkIndex,
        offset: base + r.at,
        size: r.size,
        templateRefAt: base + r.templateRefAt,
        definesTemplate: r.definesTemplate,
        definesDataTemplate: r.definesDataTemplate,
        substitutionsAt: base + r.substitutionsAt,
        substitutionCount: r.substitutionCount,
      })),
    })
    chunkIndex++
    return c.finish()
  }
  for (const e of events) {
    const recordId = e.recordId !== undefined ? BigInt(e.recordId) : state.nextId
    const fields = normaliseFields(e.userData ? e.userData.fields : e.data)
    if (chunk.records.length >= max || !chunk.tryRecord(index, recordId, e, fields)) {
      if (chunk.records.length === 0) throw new RangeError(`writer: record ${index} (id ${recordId}) does not fit in an empty chunk`)
      yield flush(chunk)
      chunk = new ChunkBuilder()
      if (!chunk.tryRecord(index, recordId, e, fields)) throw new RangeError(`writer: record ${index} (id ${recordId}) does not fit in an empty chunk`)
    }
    state.written?.push({spec: e, recordId, time: filetimeToIso7(toFiletime(e.time)), fields})
    state.nextId = recordId + 1n
    index++
  }
  if (chunk.records.length > 0) yield flush(chunk)
}

export interface BuiltEvtx {
  bytes: Uint8Array
  layout: EvtxLayout
  records: WrittenRecord[]
}

/** Builds a whole file in memory. */
export function buildEvtx(events: Iterable<EvtxEventSpec>, options: EvtxWriterOptions = {}): BuiltEvtx {
  const state = {nextId: 1n, layout: {chunks: []} as EvtxLayout, written: [] as WrittenRecord[]}
  const chunks = [...encodeChunks(events, options, state)]
  const header = fileHeader(chunks.length, options.headerChunkCount ?? chunks.length, state.nextId, options.fileFlags ?? 0)
  return {bytes: concat([header, ...chunks]), layout: state.layout, records: state.written}
}

/** Streams a file of any size to disk chunk by chunk; returns the number of chunks and records written. */
export function writeEvtxFile(
  path: string,
  events: Iterable<EvtxEventSpec>,
  options: EvtxWriterOptions = {},
): {chunks: number; records: number} {
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, new Uint8Array(0x1000), 0, 0x1000, 0)
    const state = {nextId: 1n}
    let chunks = 0
    let records = 0
    for (const c of encodeChunks(
      (function* () {
        for (const e of events) {
          records++
          yield e
        }
      })(),
      options,
      state,
    )) {
      writeSync(fd, c, 0, c.length, 0x1000 + chunks * 0x10000)
      chunks++
    }
    const header = fileHeader(chunks, options.headerChunkCount ?? chunks, state.nextId, options.fileFlags ?? 0)
    writeSync(fd, header, 0, header.length, 0)
    return {chunks, records}
  } finally {
    closeSync(fd)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Damage

export type EvtxDamage =
  /** Overwrites the chunk's `ElfChnk\0` magic (header CRC recomputed, so only the magic is wrong). */
  | {kind: 'bad-chunk-magic'; chunk: number}
  /** Flips the stored chunk-header CRC. */
  | {kind: 'bad-chunk-header-crc'; chunk: number}
  /** Flips the stored event-records CRC. */
  | {kind: 'bad-records-crc'; chunk: number}
  /** Flips the stored file-header CRC. */
  | {kind: 'bad-file-header-crc'}
  /** Cuts the file at this byte offset. */
  | {kind: 'truncate'; at: number}
  /** Zeroes a whole chunk (64 KiB), as a dirty shutdown or VSS copy leaves them. */
  | {kind: 'zero-chunk'; chunk: number}
  /** Rewrites a record's size field (`record` is the index in the input sequence); 'oversized' runs past the chunk. */
  | {kind: 'record-size'; record: number; size: number | 'oversized'}
  /** Points a record's outer template reference at an offset that holds no template (a record that reuses one). */
  | {kind: 'broken-template-ref'; record: number}
  /** Makes a record's last substitution (the EventData BinXml) claim more bytes than the record holds. */
  | {kind: 'substitution-past-end'; record: number}

function findRecord(built: BuiltEvtx, index: number): RecordLayout {
  for (const c of built.layout.chunks) for (const r of c.records) if (r.index === index) return r
  throw new RangeError(`writer: no record ${index} in the layout`)
}

/**
 * A damaged copy of a built file. CRCs of the touched chunk are recomputed after structural damage, so each
 * damage is the only defect (checksum damages excepted).
 */
export function damageEvtx(built: BuiltEvtx, ...damages: EvtxDamage[]): Uint8Array {
  let out = built.bytes.slice()
  let dv = new DataView(out.buffer)
  const touched = new Set<number>()
  const crcFlips: Array<() => void> = []
  let truncateAt: number | undefined
  const chunkOffset = (i: number): number => {
    const c = built.layout.chunks[i]
    if (!c) throw new RangeError(`writer: no chunk ${i} in the layout`)
    return c.offset
  }
  for (const d of damages) {
    switch (d.kind) {
      case 'bad-chunk-magic':
        out.set([0x45, 0x6c, 0x66, 0x58, 0x58, 0x58, 0x58, 0x00], chunkOffset(d.chunk))
        touched.add(d.chunk)
        break
      case 'bad-chunk-header-crc': {
        const at = chunkOffset(d.chunk) + 124
        crcFlips.push(() => dv.setUint32(at, ~dv.getUint32(at, true) >>> 0, true))
        break
      }
      case 'bad-records-crc': {
        const at = chunkOffset(d.chunk) + 52
        crcFlips.push(() => {
          dv.setUint32(at, ~dv.getUint32(at, true) >>> 0, true)
          setChunkHeaderCrc(out, chunkOffset(d.chunk))
        })
        break
      }
      case 'bad-file-header-crc':
        crcFlips.push(() => dv.setUint32(124, ~dv.getUint32(124, true) >>> 0, true))
        break
      case 'truncate':
        truncateAt = d.at
        break
      case 'zero-chunk':
        out.fill(0, chunkOffset(d.chunk), chunkOffset(d.chunk) + 0x10000)
        break
      case 'record-size': {
        const r = findRecord(built, d.record)
        const size = d.size === 'oversized' ? 0x10000 - (r.offset - chunkOffset(r.chunk)) + 0x100 : d.size
        dv.setUint32(r.offset + 4, size, true)
        touched.add(r.chunk)
        break
      }
      case 'broken-template-ref': {
        const r = findRecord(built, d.record)
        if (r.definesTemplate) throw new RangeError(`writer: record ${d.record} defines its template; pick one that reuses it`)
        dv.setUint32(r.templateRefAt, 0x1f0, true)
        touched.add(r.chunk)
        break
      }
      case 'substitution-past-end': {
        const r = findRecord(built, d.record)
        const desc = r.substitutionsAt + 4 + (r.substitutionCount - 1) * 4
        dv.setUint16(desc, 0xfff0, true)
        touched.add(r.chunk)
        break
      }
    }
  }
  for (const c of touched) {
    const base = chunkOffset(c)
    if (out[base] === 0) continue
    const free = dv.getUint32(base + 48, true)
    dv.setUint32(base + 52, zlibCrc32(out.subarray(base + 0x200, base + free)), true)
    setChunkHeaderCrc(out, base)
  }
  for (const f of crcFlips) f()
  if (truncateAt !== undefined) {
    out = out.slice(0, truncateAt)
    dv = new DataView(out.buffer)
  }
  return out
}

function setChunkHeaderCrc(file: Uint8Array, base: number): void {
  new DataView(file.buffer, file.byteOffset).setUint32(base + 124, chunkHeaderCrc(file.subarray(base, base + 0x200)), true)
}

// ---------------------------------------------------------------------------------------------------------------
// Presets: providers and events as Windows writes them

export const PROVIDERS = {
  sysmon: {provider: 'Microsoft-Windows-Sysmon', providerGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', channel: 'Microsoft-Windows-Sysmon/Operational'},
  bitsClient: {provider: 'Microsoft-Windows-Bits-Client', providerGuid: '{EF1CC15B-46C1-414E-BB95-E76B077BD51E}', channel: 'Microsoft-Windows-Bits-Client/Operational'},
  security: {provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', channel: 'Security'},
  serviceControlManager: {
    provider: 'Service Control Manager',
    providerGuid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
    eventSourceName: 'Service Control Manager',
    channel: 'System',
  },
  powershell: {provider: 'Microsoft-Windows-PowerShell', providerGuid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}', channel: 'Microsoft-Windows-PowerShell/Operational'},
  taskScheduler: {provider: 'Microsoft-Windows-TaskScheduler', providerGuid: '{DE7B24EA-73C8-4A09-985D-5BDADCFA9017}', channel: 'Microsoft-Windows-TaskScheduler/Operational'},
} as const

/** Host, time and System overrides shared by the presets. */
export type EventCommon = {computer: string; time: string | bigint} & Partial<
  Omit<EvtxEventSpec, 'computer' | 'time' | 'data' | 'userData' | 'eventId'>
>

/** Plain values a preset types by field name; an EvtxValue passes through unchanged. */
export type PresetValue = string | number | bigint | boolean | EvtxValue

function typedFields(data: Record<string, PresetValue>, typeOf: (name: string) => ScalarType): Array<[string, EvtxValue]> {
  return Object.entries(data).map(([name, v]): [string, EvtxValue] => {
    if (typeof v === 'object') return [name, v]
    const t = typeOf(name)
    switch (t) {
      case 'string':
      case 'guid':
      case 'sid':
      case 'ansi':
      case 'systemtime':
        return [name, {type: t, value: String(v)}]
      case 'filetime':
        return [name, {type: 'filetime', value: typeof v === 'bigint' ? v : String(v)}]
      case 'bool':
        return [name, {type: 'bool', value: v === true || v === 'true' || v === 1}]
      case 'int64':
      case 'uint64':
      case 'hex64':
        return [name, {type: t, value: BigInt(v as number | bigint | string)}]
      case 'sizet':
        // Windows declares these size_t in the template and writes the value as HexInt64
        return [name, {type: 'hex64', value: BigInt(v as number | bigint | string), templateType: 'sizet'}]
      case 'binary':
        return [name, V.binary(String(v))]
      default:
        return [name, {type: t, value: Number(v)} as EvtxValue]
    }
  })
}

const SYSMON_VERSION: Record<number, number> = {1: 5, 2: 4, 3: 5, 5: 3, 6: 4, 7: 3, 8: 2, 10: 3, 11: 2, 12: 2, 13: 2, 14: 2, 15: 2, 17: 1, 18: 1, 22: 5, 23: 5}

function sysmonType(name: string): ScalarType {
  if (/Guid$|GUID$/.test(name)) return 'guid'
  if (/^(Parent|Source|Target)?ProcessId$|^SourceThreadId$|^TerminalSessionId$/.test(name)) return 'uint32'
  if (name === 'LogonId') return 'hex64'
  if (name === 'GrantedAccess') return 'hex32'
  if (/Port$/.test(name)) return 'uint16'
  if (/^(Initiated|SourceIsIpv6|DestinationIsIpv6|IsExecutable|Archived)$/.test(name)) return 'bool'
  return 'string'
}

/** A Sysmon event (Microsoft-Windows-Sysmon/Operational), fields in the order given, typed as Sysmon types them. */
export function sysmonEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  return {
    ...PROVIDERS.sysmon,
    eventId,
    version: SYSMON_VERSION[eventId] ?? 2,
    level: 4,
    task: eventId,
    opcode: 0,
    keywords: 0x8000000000000000n,
    userSid: 'S-1-5-18',
    processId: 2032,
    threadId: 3276,
    ...common,
    data: typedFields(data, sysmonType),
  }
}

const BITS_SYSTEM: Record<number, {version: number; opcode: number; level?: number}> = {
  3: {version: 0, opcode: 0},
  4: {version: 1, opcode: 0},
  5: {version: 0, opcode: 0},
  59: {version: 1, opcode: 1},
  60: {version: 1, opcode: 2},
  61: {version: 1, opcode: 2, level: 3},
}

function bitsType(name: string): ScalarType {
  if (/^(transferId|Id|jobId)$/.test(name)) return 'guid'
  if (name === 'fileTime') return 'filetime'
  if (/^(fileLength|bytesTotal|bytesTransferred|bytesTransferredFromPeer|peerProtocolFlags|bandwidthLimit)$/.test(name)) return 'uint64'
  if (/^(hr|AdditionalInfoHr|PeerContextInfo|processId|fileCount|ClientProcessStartKey)$/.test(name)) {
    return name === 'ClientProcessStartKey' ? 'uint64' : 'uint32'
  }
  if (name === 'ignoreBandwidthLimitsOnLan') return 'bool'
  return 'string'
}

/** A Bits-Client/Operational event (3 job created, 4 job transferred, 59 transfer started, 60 stopped, 61 error). */
export function bitsClientEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  const s = BITS_SYSTEM[eventId] ?? {version: 0, opcode: 0}
  return {
    ...PROVIDERS.bitsClient,
    eventId,
    version: s.version,
    level: s.level ?? 4,
    task: 0,
    opcode: s.opcode,
    keywords: 0x4000000000000000n,
    userSid: 'S-1-5-18',
    processId: 964,
    threadId: 1404,
    ...common,
    data: typedFields(data, bitsType),
  }
}

const SECURITY_SYSTEM: Record<number, {task: number; version?: number; keywords?: bigint}> = {
  4624: {task: 12544, version: 2},
  4625: {task: 12544, version: 0, keywords: 0x8010000000000000n},
  4634: {task: 12545},
  4672: {task: 12548},
  4688: {task: 13312, version: 2},
  4689: {task: 13313, version: 0},
  4697: {task: 12289, version: 0},
  4698: {task: 12804, version: 1},
  4699: {task: 12804, version: 1},
  4700: {task: 12804, version: 1},
  4701: {task: 12804, version: 1},
  4702: {task: 12804, version: 1},
  4720: {task: 13824},
  4722: {task: 13824},
  4724: {task: 13824},
  4738: {task: 13824},
  4768: {task: 14339},
  4769: {task: 14337},
  4771: {task: 14339, keywords: 0x8010000000000000n},
}

function securityType(name: string): ScalarType {
  if (/Sid$|^MandatoryLabel$/.test(name)) return 'sid'
  if (/LogonId$/.test(name)) return 'hex64'
  if (/^(NewProcessId|ProcessId|HandleId|ParentProcessId)$/.test(name)) return 'sizet'
  if (name === 'ClientProcessId') return 'uint32'
  if (/Guid$/.test(name)) return 'guid'
  if (/^(LogonType|KeyLength|ServiceStartType)$/.test(name)) return 'uint32'
  if (/^(TicketOptions|Status|SubStatus|TicketEncryptionType|AccessMask|ServiceType)$/.test(name)) return 'hex32'
  if (name === 'ClientProcessStartKey') return 'uint64'
  return 'string'
}

/** A Security-Auditing event (4688, 4697, 4698, 4624, ...); Security logs carry no Security UserID. */
export function securityEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  const s = SECURITY_SYSTEM[eventId] ?? {task: 0}
  return {
    ...PROVIDERS.security,
    eventId,
    version: s.version ?? 0,
    level: 0,
    task: s.task,
    opcode: 0,
    keywords: s.keywords ?? 0x8020000000000000n,
    processId: 632,
    threadId: 700,
    ...common,
    data: typedFields(data, securityType),
  }
}

/** System 7045 "A service was installed in the system" (Service Control Manager, classic provider, Qualifiers 16384). */
export function system7045Event(
  data: {ServiceName: string; ImagePath: string; ServiceType?: string; StartType?: string; AccountName?: string},
  common: EventCommon,
): EvtxEventSpec {
  return {
    ...PROVIDERS.serviceControlManager,
    eventId: 7045,
    qualifiers: 16384,
    version: 0,
    level: 4,
    task: 0,
    opcode: 0,
    keywords: 0x8080000000000000n,
    processId: 468,
    threadId: 3256,
    userSid: 'S-1-5-18',
    ...common,
    data: {
      ServiceName: data.ServiceName,
      ImagePath: data.ImagePath,
      ServiceType: data.ServiceType ?? 'user mode service',
      StartType: data.StartType ?? 'demand start',
      AccountName: data.AccountName ?? 'LocalSystem',
    },
  }
}

/** PowerShell 4104 (script block logging). */
export function powershellEvent(
  eventId: number,
  data: Record<string, PresetValue>,
  common: EventCommon,
): EvtxEventSpec {
  return {
    ...PROVIDERS.powershell,
    eventId,
    version: 1,
    level: eventId === 4104 ? 5 : 4,
    task: eventId === 4104 ? 2 : 0,
    opcode: eventId === 4104 ? 15 : 0,
    keywords: 0n,
    processId: 6620,
    threadId: 4512,
    ...common,
    data: typedFields(data, (n) => (/^Message(Number|Total)$/.test(n) ? 'int32' : 'string')),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A seeded mix of realistic events, for benchmarks and fuzzing

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` events cycling Sysmon 1/3/11/13, Security 4624/4688/4697/4698, Bits-Client 3/59/60/4 and System 7045. */
export function* syntheticEvents(count: number, seed = 1, startTime = '2024-03-01T08:00:00.0000000Z'): Generator<EvtxEventSpec> {
  const rnd = prng(seed)
  const hex = (n: number) => Array.from({length: n}, () => Math.floor(rnd() * 16).toString(16)).join('').toUpperCase()
  const guid = () => `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`
  const images = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\bitsadmin.exe', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\App\\app.exe']
  let t = isoToFiletime(startTime)
  for (let i = 0; i < count; i++) {
    t += BigInt(Math.floor(rnd() * 50_000_000))
    const common: EventCommon = {computer: 'WKS01.corp.example', time: t}
    const image = images[Math.floor(rnd() * images.length)]!
    const pid = 1000 + Math.floor(rnd() * 60000)
    const utc = filetimeToIso7(t).replace('T', ' ').slice(0, 23)
    switch (i % 13) {
      case 0:
        yield sysmonEvent(1, {
          RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image, FileVersion: '10.0.19041.1',
          Description: 'Windows Command Processor', Product: 'Microsoft® Windows® Operating System', Company: 'Microsoft Corporation',
          OriginalFileName: 'Cmd.Exe', CommandLine: `${image} /c echo ${hex(12)}`, CurrentDirectory: 'C:\\Users\\bob\\',
          User: 'CORP\\bob', LogonGuid: guid(), LogonId: BigInt(0x3e7 + i), TerminalSessionId: 1, IntegrityLevel: 'High',
          Hashes: `SHA256=${hex(64)}`, ParentProcessGuid: guid(), ParentProcessId: 4, ParentImage: 'C:\\Windows\\explorer.exe',
          ParentCommandLine: 'C:\\Windows\\Explorer.EXE', ParentUser: 'CORP\\bob',
        }, common)
        break
      case 1:
        yield sysmonEvent(3, {
          RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image, User: 'NT AUTHORITY\\SYSTEM',
          Protocol: 'tcp', Initiated: true, SourceIsIpv6: false, SourceIp: '10.0.0.5', SourceHostname: 'WKS01', SourcePort: 49152 + (i % 1000),
          SourcePortName: '', DestinationIsIpv6: false, DestinationIp: '93.184.216.34', DestinationHostname: 'example.org',
          DestinationPort: 443, DestinationPortName: 'https',
        }, common)
        break
      case 2:
        yield sysmonEvent(11, {RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image,
          TargetFilename: `C:\\Users\\bob\\AppData\\Local\\Temp\\${hex(8)}.tmp`, CreationUtcTime: utc}, common)
        break
      case 3:
        yield sysmonEvent(13, {RuleName: '-', EventType: 'SetValue', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image,
          TargetObject: 'HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater', Details: image}, common)
        break
      case 4:
        yield securityEvent(4688, {
          SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WKS01$', SubjectDomainName: 'CORP', SubjectLogonId: 0x3e7n,
          NewProcessId: BigInt(pid), NewProcessName: image, TokenElevationType: '%%1936', ProcessId: 0x2a8n,
          CommandLine: `${image} /transfer job${i} https://example.org/a.exe C:\\Temp\\a.exe`, TargetUserSid: 'S-1-0-0',
          TargetUserName: '-', TargetDomainName: '-', TargetLogonId: 0n, ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
          MandatoryLabel: 'S-1-16-12288',
        }, common)
        break
      case 5:
        yield securityEvent(4624, {
          SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WKS01$', SubjectDomainName: 'CORP', SubjectLogonId: 0x3e7n,
          TargetUserSid: 'S-1-5-21-3583694148-1414552638-2922671848-1001', TargetUserName: 'bob', TargetDomainName: 'CORP',
          TargetLogonId: BigInt(0x1000 + i), LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM',
          WorkstationName: 'WKS02', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-',
          LmPackageName: 'NTLM V2', KeyLength: 128, ProcessId: 0n, ProcessName: '-', IpAddress: '10.0.0.7', IpPort: '49700',
        }, common)
        break
      case 6:
        yield bitsClientEvent(3, {jobTitle: `job${i}`, jobId: guid(), jobOwner: 'CORP\\bob', processPath: image, processId: pid,
          ClientProcessStartKey: BigInt(1000 + i)}, {...common, version: 1})
        break
      case 7:
        yield bitsClientEvent(59, {transferId: guid(), name: `job${i}`, Id: guid(), url: `https://example.org/f${i}.bin`, peer: '',
          fileTime: t, fileLength: BigInt(302592), bytesTotal: BigInt(302592), bytesTransferred: 0n, bytesTransferredFromPeer: 0n}, common)
        break
      case 8:
        yield bitsClientEvent(60, {transferId: guid(), name: `job${i}`, Id: guid(), url: `https://example.org/f${i}.bin`, peer: '', hr: 0,
          fileTime: t, fileLength: 302592n, bytesTotal: 302592n, bytesTransferred: 302592n, proxy: '', peerProtocolFlags: 0n,
          bytesTransferredFromPeer: 0n, AdditionalInfoHr: 0, PeerContextInfo: 0, bandwidthLimit: 18446744073709551615n,
          ignoreBandwidthLimitsOnLan: false}, common)
        break
      case 9:
        yield bitsClientEvent(4, {User: 'CORP\\bob', jobTitle: `job${i}`, jobId: guid(), jobOwner: 'CORP\\bob', fileCount: 1,
          bytesTransferred: 302592n, bytesTransferredFromPeer: 0n}, common)
        break
      case 10:
        yield securityEvent(4697, {SubjectUserSid: 'S-1-5-21-1-2-3-1001', SubjectUserName: 'bob', SubjectDomainName: 'CORP',
          SubjectLogonId: 0x3e7n, ServiceName: `svc${hex(4)}`, ServiceFileName: `C:\\Windows\\Temp\\${hex(6)}.exe`,
          ServiceType: 0x10, ServiceStartType: 3, ServiceAccount: 'LocalSystem'}, common)
        break
      case 11:
        yield securityEvent(4698, {SubjectUserSid: 'S-1-5-21-1-2-3-1001', SubjectUserName: 'bob', SubjectDomainName: 'CORP',
          SubjectLogonId: 0x3e7n, TaskName: `\\Updater${hex(4)}`,
          TaskContent: `<?xml version="1.0" encoding="UTF-16"?>\r\n<Task><Actions><Exec><Command>${image}</Command></Exec></Actions></Task>`},
          common)
        break
      default:
        yield system7045Event({ServiceName: `svc${hex(4)}`, ImagePath: `%COMSPEC% /c echo ${hex(6)} > \\\\.\\pipe\\${hex(6)}`}, common)
    }
  }
}
