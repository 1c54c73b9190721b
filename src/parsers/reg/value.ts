/** One value line of a .reg export (continuations already joined): name, type and data as text. */

export type RegFormat = 'regedit5' | 'regedit4'

export type RegValueLine =
  | {ok: true; name: string; operation: 'set'; type: string; data: string; warning?: string}
  | {ok: true; name: string; operation: 'delete-value'}
  | {ok: false; reason: string; name?: string; type?: string}

export const DEFAULT_VALUE_NAME = '(Default)'

const HEX_TYPES: Readonly<Record<number, string>> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
}

const utf16 = new TextDecoder('utf-16le')
const ansi = new TextDecoder('windows-1252')

/** Reads a `"..."` string at `start` (the opening quote) with regedit's escapes `\\` and `\"`; returns the index after the closing quote. */
export function readQuoted(line: string, start: number): {text: string; end: number} | undefined {
  let out = ''
  let i = start + 1
  let runStart = i
  while (i < line.length) {
    const ch = line.charCodeAt(i)
    if (ch === 0x5c /* \ */) {
      const next = line[i + 1]
      if (next === '\\' || next === '"') {
        out += line.slice(runStart, i) + next
        i += 2
        runStart = i
        continue
      }
      i++
      continue
    }
    if (ch === 0x22 /* " */) return {text: out + line.slice(runStart, i), end: i + 1}
    i++
  }
  return undefined
}

function isBlank(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09) return false
  }
  return true
}

/** Name part of a value line: `@` or a quoted name, then `=`. */
export function readValueName(line: string): {name: string; rest: number} | {reason: string} {
  let i = 0
  let name: string
  if (line[0] === '@') {
    name = DEFAULT_VALUE_NAME
    i = 1
  } else if (line[0] === '"') {
    const q = readQuoted(line, 0)
    if (!q) return {reason: 'value name has no closing quote'}
    name = q.text
    i = q.end
  } else return {reason: 'not a key, value or comment line'}
  while (line[i] === ' ' || line[i] === '\t') i++
  if (line[i] !== '=') return {reason: `expected '=' after value name "${name}"`}
  i++
  while (line[i] === ' ' || line[i] === '\t') i++
  return {name, rest: i}
}

export function parseValueLine(line: string, format: RegFormat): RegValueLine {
  const head = readValueName(line)
  if ('reason' in head) return {ok: false, reason: head.reason}
  const {name, rest} = head
  const first = line[rest]
  if (first === '-' && isBlank(line, rest + 1)) return {ok: true, name, operation: 'delete-value'}
  if (first === '"') {
    const q = readQuoted(line, rest)
    if (!q) return {ok: false, name, type: 'REG_SZ', reason: `string data of "${name}" has no closing quote`}
    if (!isBlank(line, q.end)) return {ok: false, name, type: 'REG_SZ', reason: `unexpected text after the string data of "${name}"`}
    return {ok: true, name, operation: 'set', type: 'REG_SZ', data: q.text}
  }
  const data = line.slice(rest).trimEnd()
  const lower = data.slice(0, 6).toLowerCase()
  if (lower === 'dword:') {
    const digits = data.slice(6).trim()
    if (!/^[0-9a-fA-F]{1,8}$/.test(digits)) return {ok: false, name, type: 'REG_DWORD', reason: `bad dword data "${clip(digits)}" for "${name}"`}
    return {ok: true, name, operation: 'set', type: 'REG_DWORD', data: String(parseInt(digits, 16))}
  }
  const hex = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:/i.exec(data)
  if (!hex) return {ok: false, name, reason: `unknown data "${clip(data)}" for "${name}"`}
  const typeNumber = hex[1] === undefined ? 3 : parseInt(hex[1], 16)
  const type = HEX_TYPES[typeNumber] ?? `REG_TYPE_0x${typeNumber.toString(16)}`
  const bytes = parseHexBytes(data.slice(hex[0].length))
  if (!bytes) return {ok: false, name, type, reason: `bad hex data for "${name}"`}
  return decodeTyped(name, type, typeNumber, bytes, format)
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s
}

/** `4a,00,ff` (spaces and one trailing comma tolerated) → bytes; undefined on anything else. */
export function parseHexBytes(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s/g, '').replace(/,$/, '')
  if (compact === '') return new Uint8Array(0)
  const n = Math.floor((compact.length + 1) / 3)
  if (compact.length !== n * 3 - 1) return undefined
  const out = new Uint8Array(n)
  for (let k = 0; k < n; k++) {
    const p = k * 3
    if (k < n - 1 && compact.charCodeAt(p + 2) !== 0x2c) return undefined
    const hi = hexDigit(compact.charCodeAt(p))
    const lo = hexDigit(compact.charCodeAt(p + 1))
    if (hi < 0 || lo < 0) return undefined
    out[k] = (hi << 4) | lo
  }
  return out
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}

export function toUpperHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase()
}

function decodeString(bytes: Uint8Array, format: RegFormat): string {
  return format === 'regedit4' ? ansi.decode(bytes) : utf16.decode(bytes)
}

function decodeTyped(name: string, type: string, typeNumber: number, bytes: Uint8Array, format: RegFormat): RegValueLine {
  const set = (data: string, warning?: string): RegValueLine =>
    warning === undefined ? {ok: true, name, operation: 'set', type, data} : {ok: true, name, operation: 'set', type, data, warning}
  switch (typeNumber) {
    case 1:
    case 2:
    case 6: {
      const text = decodeString(bytes, format)
      const nul = text.indexOf('\0')
      return set(nul < 0 ? text : text.slice(0, nul))
    }
    case 7: {
      const items = decodeString(bytes, format).split('\0')
      while (items.length > 0 && items.at(-1) === '') items.pop()
      return set(items.join('\n'))
    }
    case 4:
    case 5:
      if (bytes.length !== 4) return set(toUpperHex(bytes), `${type} "${name}" has ${bytes.length} bytes instead of 4: kept as hex`)
      return set(String(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, typeNumber === 4)))
    case 11:
      if (bytes.length !== 8) return set(toUpperHex(bytes), `REG_QWORD "${name}" has ${bytes.length} bytes instead of 8: kept as hex`)
      return set(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true).toString())
    default:
      return set(toUpperHex(bytes))
  }
}
