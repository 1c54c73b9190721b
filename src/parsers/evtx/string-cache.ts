/** Names (element, attribute, entity, PI target) of one chunk, read once per offset and kept with their encodings. */

import {ByteOut, Escape} from './byte-out.js'
import {EvtxDecodeError, need} from './errors.js'

const ENC = new TextEncoder()

export class Name {
  private jsonKeyBytes: Uint8Array | undefined
  private xmlBytes: Uint8Array | undefined
  constructor(readonly text: string) {}

  /** `"text":` JSON-escaped. */
  get jsonKey(): Uint8Array {
    if (!this.jsonKeyBytes) {
      const o = new ByteOut(this.text.length * 6 + 4)
      o.byte(0x22)
      o.str(this.text, Escape.Json)
      o.byte(0x22)
      o.byte(0x3a)
      this.jsonKeyBytes = o.slice()
    }
    return this.jsonKeyBytes
  }

  /** The name as UTF-8 for XML tags: characters that cannot appear in an XML name (or a `:`) become `_`. */
  get xml(): Uint8Array {
    if (!this.xmlBytes) this.xmlBytes = ENC.encode(xmlName(this.text))
    return this.xmlBytes
  }
}

function isNameStart(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f ||
    (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd)
  )
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040
}

/** A well-formed XML 1.0 name for any string (real EVTX names pass unchanged). */
export function xmlName(s: string): string {
  if (s.length === 0) return '_'
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out += (i === 0 ? isNameStart(c) : isNameChar(c)) ? s[i] : '_'
  }
  return /^xml/i.test(out) && out.length === 3 ? '_xml' : out
}

/** Longest name accepted: a chunk is 64 KiB; names longer than this are damage. */
const MAX_NAME_CHARS = 4096

export class StringCache {
  private readonly names = new Map<number, Name>()
  constructor(
    private readonly buf: Uint8Array,
    private readonly dv: DataView,
  ) {}

  /** The name whose string-table entry starts at chunk offset `off` (next u32, hash u16, count u16, chars, NUL). */
  get(off: number): Name {
    let n = this.names.get(off)
    if (n) return n
    const end = this.buf.length
    need('name entry', off, 8, end)
    const count = this.dv.getUint16(off + 6, true)
    if (count > MAX_NAME_CHARS) throw new EvtxDecodeError('name entry', off, `name of ${count} characters`)
    need('name characters', off + 8, count * 2, end)
    let s = ''
    for (let i = 0; i < count; i++) s += String.fromCharCode(this.dv.getUint16(off + 8 + 2 * i, true))
    n = new Name(s)
    this.names.set(off, n)
    return n
  }

  /** Bytes an inline name entry at `off` occupies. */
  entrySize(off: number): number {
    need('name entry', off, 8, this.buf.length)
    return 8 + this.dv.getUint16(off + 6, true) * 2 + 2
  }
}
