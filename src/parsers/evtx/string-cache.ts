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

  /** The name as UTF-8 for XML tags (names are not escaped by Windows either; `<`/`&` replaced to stay well-formed). */
  get xml(): Uint8Array {
    if (!this.xmlBytes) this.xmlBytes = ENC.encode(this.text.replace(/[<>&"'\s/=]/g, '_'))
    return this.xmlBytes
  }
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
