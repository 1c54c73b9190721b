/** BinXml value types: sizes, decoding from a chunk view, and rendering as Windows shows them. */

import {ByteOut, CP1252, Escape, type EscapeMode} from '../byte-out.js'
import {ValueType as VT} from '../constants.js'

const HEX_UPPER = '0123456789ABCDEF'
const TWO = Array.from({length: 100}, (_, i) => String(i).padStart(2, '0'))
const THREE = Array.from({length: 1000}, (_, i) => String(i).padStart(3, '0'))
/** `SS.` and `ffffZ`: the pieces of a FILETIME's text after its minute. */
const SECOND = Array.from({length: 60}, (_, i) => `${String(i).padStart(2, '0')}.`)
const FOUR_Z = Array.from({length: 10000}, (_, i) => `${String(i).padStart(4, '0')}Z`)
const HEX_BYTE = Array.from({length: 256}, (_, i) => HEX_UPPER[i >> 4]! + HEX_UPPER[i & 15]!)
const SECONDS_1601_TO_1970 = 11644473600
const UTF16 = new TextDecoder('utf-16le')

/** Fixed element size of a scalar type, 0 for variable-size types. */
export function fixedSize(type: number): number {
  switch (type & 0x7f) {
    case VT.Int8: case VT.UInt8: return 1
    case VT.Int16: case VT.UInt16: return 2
    case VT.Int32: case VT.UInt32: case VT.Real32: case VT.Bool: case VT.HexInt32: return 4
    case VT.Int64: case VT.UInt64: case VT.Real64: case VT.FileTime: case VT.HexInt64: return 8
    case VT.Guid: case VT.SysTime: return 16
    default: return 0
  }
}

/** A view of one chunk (or any buffer) that values are read from. */
export interface ValueSource {
  /** A Buffer view (not a copy) of the chunk: its native UTF-16 decoding is the cheapest available. */
  buf: Buffer
  dv: DataView
  /** The last formatted day (`YYYY-MM-DDT`) and minute (`YYYY-MM-DDTHH:MM:`), which consecutive timestamps share. */
  timeCache: {day: number; dayText: string; minute: number; minuteText: string}
}

export function newValueSource(bytes: Uint8Array): ValueSource {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {buf, dv: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), timeCache: {day: NaN, dayText: '', minute: NaN, minuteText: ''}}
}

/** Whether an optional substitution with this value is omitted (MS-EVEN6: empty value). */
export function isEmptyValue(src: ValueSource, type: number, off: number, size: number): boolean {
  if (type === VT.Null || size === 0) return true
  if (type === VT.String) return src.buf[off] === 0 && src.buf[off + 1] === 0
  return false
}

function u64ToString(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * 4294967296 + lo)
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString()
}

function i64ToString(lo: number, hi: number): string {
  if (hi >= 0x80000000) {
    const h = hi | 0
    if (h >= -0x200000) return String(h * 4294967296 + lo)
    return ((BigInt(h) << 32n) + BigInt(lo)).toString()
  }
  return u64ToString(lo, hi)
}

function hex64(lo: number, hi: number): string {
  return hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`
}

/** `YYYY-MM-DDTHH:MM:` of a minute since 1970 (cached with its day), undefined outside the years 1601..9999. */
function minuteText(c: ValueSource['timeCache'], minute: number): string | undefined {
  if (minute === c.minute) return c.minuteText
  const day = Math.floor(minute / 1440)
  if (day !== c.day) {
    const d = new Date(day * 86400000)
    const y = d.getUTCFullYear()
    if (!(y >= 1601 && y <= 9999)) return undefined
    c.day = day
    c.dayText = `${y}-${TWO[d.getUTCMonth() + 1]}-${TWO[d.getUTCDate()]}T`
  }
  const m = minute - day * 1440
  c.minute = minute
  c.minuteText = `${c.dayText}${TWO[Math.floor(m / 60)]}:${TWO[m % 60]}:`
  return c.minuteText
}

/** FILETIME (two u32 halves) → `YYYY-MM-DDTHH:MM:SS.fffffffZ`; out-of-range values as the raw number. */
export function filetimeText(src: ValueSource, lo: number, hi: number): string {
  // ticks = hi * 2^32 + lo = hi * 429 * 10^7 + (hi * 4967296 + lo); past 2^53 ticks the year is beyond 9999
  const rest = hi * 4967296 + lo
  if (rest > Number.MAX_SAFE_INTEGER) return u64ToString(lo, hi)
  const q = Math.floor(rest / 10000000)
  const frac = rest - q * 10000000
  const unix = hi * 429 + q - SECONDS_1601_TO_1970
  const minute = Math.floor(unix / 60)
  const text = minuteText(src.timeCache, minute)
  if (text === undefined) return u64ToString(lo, hi)
  const f = Math.floor(frac / 10000)
  return `${text}${SECOND[unix - minute * 60]}${THREE[f]}${FOUR_Z[frac - f * 10000]}`
}

/** As filetimeText, written into `out` without building strings. */
function writeFiletime(out: ByteOut, src: ValueSource, lo: number, hi: number): void {
  const rest = hi * 4967296 + lo
  const q = Math.floor(rest / 10000000)
  const unix = hi * 429 + q - SECONDS_1601_TO_1970
  const minute = Math.floor(unix / 60)
  const text = rest > Number.MAX_SAFE_INTEGER ? undefined : minuteText(src.timeCache, minute)
  if (text === undefined) return out.ascii(u64ToString(lo, hi))
  out.ascii(text)
  out.ensure(11)
  const b = out.buf
  const p = out.pos
  const sec = unix - minute * 60
  b[p] = 0x30 + Math.floor(sec / 10)
  b[p + 1] = 0x30 + (sec % 10)
  b[p + 2] = 0x2e
  let x = rest - q * 10000000
  for (let i = 9; i >= 3; i--) {
    const d = x % 10
    b[p + i] = 0x30 + d
    x = (x - d) / 10
  }
  b[p + 10] = 0x5a
  out.pos = p + 11
}

export function systemtimeText(src: ValueSource, off: number): string {
  const dv = src.dv
  const y = dv.getUint16(off, true)
  const mo = dv.getUint16(off + 2, true)
  const d = dv.getUint16(off + 6, true)
  const h = dv.getUint16(off + 8, true)
  const mi = dv.getUint16(off + 10, true)
  const s = dv.getUint16(off + 12, true)
  const ms = dv.getUint16(off + 14, true)
  const p2 = (n: number): string => (n < 100 ? TWO[n]! : String(n))
  return `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}.${String(ms).padStart(3, '0')}0000Z`
}

export function guidText(buf: Uint8Array, off: number): string {
  const h = (i: number): string => HEX_BYTE[buf[off + i]!]!
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`
}

/** SID `S-R-A-S1-...`; a truncated SID renders the sub-authorities that are present. */
export function sidText(src: ValueSource, off: number, size: number): string {
  const b = src.buf
  if (size < 8) return 'S-?'
  const count = b[off + 1]!
  let auth = 0
  for (let i = 2; i < 8; i++) auth = auth * 256 + b[off + i]!
  let s = `S-${b[off]!}-${auth}`
  const max = Math.min(count, Math.floor((size - 8) / 4))
  for (let i = 0; i < max; i++) s += `-${src.dv.getUint32(off + 8 + 4 * i, true)}`
  return s
}

type HexBuffer = Buffer & {hexSlice?: (start: number, end: number) => string}

/** Bytes as upper-case hex. */
export function binaryText(buf: Buffer, off: number, size: number): string {
  if (size > 8) return ((buf as HexBuffer).hexSlice?.(off, off + size) ?? buf.toString('hex', off, off + size)).toUpperCase()
  let s = ''
  for (let i = 0; i < size; i++) s += HEX_BYTE[buf[off + i]!]!
  return s
}

function floatText(v: number): string {
  return String(v)
}

/** Text of one scalar item of `type` (no array flag) at `off` of `size` bytes. Strings stop at NUL. */
export function scalarText(src: ValueSource, type: number, off: number, size: number): string {
  if (type === VT.String) return utf16Text(src.buf, off, size >> 1)
  const dv = src.dv
  const need = fixedSize(type)
  if (need > size) return binaryText(src.buf, off, size)
  switch (type) {
    case VT.Null: return ''
    case VT.String: return utf16Text(src.buf, off, size >> 1)
    case VT.AnsiString: return ansiText(src.buf, off, size)
    case VT.Int8: return String(dv.getInt8(off))
    case VT.UInt8: return String(dv.getUint8(off))
    case VT.Int16: return String(dv.getInt16(off, true))
    case VT.UInt16: return String(dv.getUint16(off, true))
    case VT.Int32: return String(dv.getInt32(off, true))
    case VT.UInt32: return String(dv.getUint32(off, true))
    case VT.Int64: return i64ToString(dv.getUint32(off, true), dv.getUint32(off + 4, true))
    case VT.UInt64: return u64ToString(dv.getUint32(off, true), dv.getUint32(off + 4, true))
    case VT.Real32: return floatText(dv.getFloat32(off, true))
    case VT.Real64: return floatText(dv.getFloat64(off, true))
    case VT.Bool: return dv.getUint32(off, true) !== 0 ? 'true' : 'false'
    case VT.Binary: return binaryText(src.buf, off, size)
    case VT.Guid: return guidText(src.buf, off)
    case VT.SizeT:
      return size === 4 ? `0x${dv.getUint32(off, true).toString(16)}` : size === 8 ? hex64(dv.getUint32(off, true), dv.getUint32(off + 4, true)) : binaryText(src.buf, off, size)
    case VT.FileTime: return filetimeText(src, dv.getUint32(off, true), dv.getUint32(off + 4, true))
    case VT.SysTime: return systemtimeText(src, off)
    case VT.Sid: return sidText(src, off, size)
    case VT.HexInt32: return `0x${dv.getUint32(off, true).toString(16)}`
    case VT.HexInt64: return hex64(dv.getUint32(off, true), dv.getUint32(off + 4, true))
    case VT.EvtHandle:
      return size === 4 ? String(dv.getUint32(off, true)) : size === 8 ? u64ToString(dv.getUint32(off, true), dv.getUint32(off + 4, true)) : binaryText(src.buf, off, size)
    case VT.EvtXml: return utf16Text(src.buf, off, size >> 1)
    default: return binaryText(src.buf, off, size)
  }
}

type Ucs2Buffer = Buffer & {ucs2Slice?: (start: number, end: number) => string}

/** Buffer's native UTF-16LE slice without the argument handling of toString (same result). */
function ucs2(buf: Ucs2Buffer, start: number, end: number): string {
  return buf.ucs2Slice ? buf.ucs2Slice(start, end) : buf.toString('utf16le', start, end)
}

/** A String value of `size` bytes in a chunk Buffer: utf16Text without the buffer-kind check. */
export function stringText(buf: Buffer, off: number, size: number): string {
  let units = size >> 1
  if (units > 0 && buf[off + 2 * units - 2] === 0 && buf[off + 2 * units - 1] === 0) units--
  if (units <= 0) return ''
  if (units <= 8) return shortText(buf, off, units)
  const s = (buf as Ucs2Buffer).ucs2Slice?.(off, off + 2 * units) ?? buf.toString('utf16le', off, off + 2 * units)
  const z = s.indexOf('\0')
  return z < 0 ? s : s.slice(0, z)
}

function unit(b: Uint8Array, p: number): number {
  return b[p]! | (b[p + 1]! << 8)
}

/** Up to 8 UTF-16 units, cut at the first NUL, in one fromCharCode call: cheaper than a native slice at this length. */
function shortText(b: Uint8Array, off: number, units: number): string {
  let n = 0
  while (n < units && (b[off + 2 * n] !== 0 || b[off + 2 * n + 1] !== 0)) n++
  const u = (i: number): number => unit(b, off + 2 * i)
  switch (n) {
    case 0: return ''
    case 1: return String.fromCharCode(u(0))
    case 2: return String.fromCharCode(u(0), u(1))
    case 3: return String.fromCharCode(u(0), u(1), u(2))
    case 4: return String.fromCharCode(u(0), u(1), u(2), u(3))
    case 5: return String.fromCharCode(u(0), u(1), u(2), u(3), u(4))
    case 6: return String.fromCharCode(u(0), u(1), u(2), u(3), u(4), u(5))
    case 7: return String.fromCharCode(u(0), u(1), u(2), u(3), u(4), u(5), u(6))
    default: return String.fromCharCode(u(0), u(1), u(2), u(3), u(4), u(5), u(6), u(7))
  }
}

/** UTF-16LE text of up to `units` code units, cut at the first NUL. */
export function utf16Text(buf: Uint8Array, off: number, units: number): string {
  // the usual trailing NUL is dropped before decoding, so the common case needs no second string
  if (units > 0 && buf[off + 2 * units - 2] === 0 && buf[off + 2 * units - 1] === 0) units--
  if (units <= 0) return ''
  const s = Buffer.isBuffer(buf) ? ucs2(buf, off, off + 2 * units) : UTF16.decode(buf.subarray(off, off + 2 * units))
  const z = s.indexOf('\0')
  return z < 0 ? s : s.slice(0, z)
}

type Latin1Buffer = Buffer & {latin1Slice?: (start: number, end: number) => string}

const C1 = /[\x80-\x9f]/g

function ansiText(buf: Latin1Buffer, off: number, size: number): string {
  const nul = buf.indexOf(0, off)
  const end = nul >= 0 && nul < off + size ? nul : off + size
  const s = buf.latin1Slice ? buf.latin1Slice(off, end) : buf.toString('latin1', off, end)
  // windows-1252 equals Latin-1 except at 0x80..0x9f (Node's TextDecoder('windows-1252') drops those bytes)
  return s.replace(C1, (c) => String.fromCharCode(CP1252[c.charCodeAt(0) - 0x80]!))
}

/** Items of an array value: [offset, size] pairs. String arrays are NUL-separated. */
export function arrayItems(src: ValueSource, type: number, off: number, size: number): Array<[number, number]> {
  const base = type & 0x7f
  const out: Array<[number, number]> = []
  if (base === VT.String) {
    const b = src.buf
    let start = off
    const end = off + (size & ~1)
    for (let p = off; p < end; p += 2) {
      if (b[p] === 0 && b[p + 1] === 0) {
        out.push([start, p - start])
        start = p + 2
      }
    }
    if (start < end) out.push([start, end - start])
    return out
  }
  if (base === VT.AnsiString) {
    const b = src.buf
    let start = off
    const end = off + size
    for (let p = off; p < end; p++) {
      if (b[p] === 0) {
        out.push([start, p - start])
        start = p + 1
      }
    }
    if (start < end) out.push([start, end - start])
    return out
  }
  let w = fixedSize(base)
  if (base === VT.SizeT) w = 8
  if (base === VT.Sid) {
    let p = off
    const end = off + size
    while (p + 8 <= end) {
      const len = 8 + 4 * src.buf[p + 1]!
      out.push([p, Math.min(len, end - p)])
      p += len
    }
    return out
  }
  if (w === 0) {
    out.push([off, size])
    return out
  }
  for (let p = off; p + w <= off + size; p += w) out.push([p, w])
  return out
}

/** Text of any value (arrays comma-joined, as the evtx crate does outside `<Data>` expansion). */
export function valueText(src: ValueSource, type: number, off: number, size: number): string {
  if ((type & VT.ArrayFlag) === 0) return scalarText(src, type, off, size)
  const base = type & 0x7f
  const items = arrayItems(src, type, off, size)
  let s = ''
  for (let i = 0; i < items.length; i++) {
    if (i > 0) s += ','
    s += scalarText(src, base, items[i]![0], items[i]![1])
  }
  return s
}

/** Writes the text of a value into `out`, escaped for `mode`; strings go byte-to-byte without a JS string. */
export function writeValue(out: ByteOut, src: ValueSource, type: number, off: number, size: number, mode: EscapeMode): void {
  const dv = src.dv
  switch (type) {
    case VT.String:
      out.utf16(src.buf, off, size >> 1, mode)
      return
    case VT.UInt16:
      if (size >= 2) return out.uint(dv.getUint16(off, true))
      break
    case VT.UInt32:
      if (size >= 4) return out.uint(dv.getUint32(off, true))
      break
    case VT.UInt8:
      if (size >= 1) return out.uint(src.buf[off]!)
      break
    case VT.HexInt64:
      if (size >= 8) return out.hex(dv.getUint32(off, true), dv.getUint32(off + 4, true))
      break
    case VT.HexInt32:
      if (size >= 4) return out.hex(dv.getUint32(off, true), 0)
      break
    case VT.SizeT:
      if (size === 8) return out.hex(dv.getUint32(off, true), dv.getUint32(off + 4, true))
      if (size === 4) return out.hex(dv.getUint32(off, true), 0)
      break
    case VT.AnsiString:
      out.latin1(src.buf, off, size, mode)
      return
    case VT.Int8:
      if (size >= 1) return out.int(dv.getInt8(off))
      break
    case VT.Int16:
      if (size >= 2) return out.int(dv.getInt16(off, true))
      break
    case VT.Int32:
      if (size >= 4) return out.int(dv.getInt32(off, true))
      break
    case VT.UInt64:
      if (size >= 8) {
        const hi = dv.getUint32(off + 4, true)
        if (hi < 0x200000) return out.uint(hi * 4294967296 + dv.getUint32(off, true))
      }
      break
    case VT.Bool:
      if (size >= 4) return out.ascii(dv.getUint32(off, true) !== 0 ? 'true' : 'false')
      break
    case VT.Guid:
      if (size >= 16) return out.guid(src.buf, off)
      break
    case VT.FileTime:
      if (size >= 8) return writeFiletime(out, src, dv.getUint32(off, true), dv.getUint32(off + 4, true))
      break
    case VT.Binary:
      return out.hexBytes(src.buf, off, size)
    default:
      break
  }
  if ((type & VT.ArrayFlag) !== 0) {
    const base = type & 0x7f
    const items = arrayItems(src, type, off, size)
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.byte(0x2c)
      writeValue(out, src, base, items[i]![0], items[i]![1], mode)
    }
    return
  }
  const s = scalarText(src, type, off, size)
  if (type === VT.EvtXml) out.str(s, mode)
  else out.ascii(s)
}

/** JSON literal for integer and bool values (the evtx crate writes these as JSON numbers/booleans). */
export function jsonNumberText(src: ValueSource, type: number, off: number, size: number): string | undefined {
  if ((type >= VT.Int8 && type <= VT.UInt64) || type === VT.Bool) {
    if (size < fixedSize(type)) return undefined
    return scalarText(src, type, off, size)
  }
  return undefined
}

export {Escape}
