/** A growable UTF-8 output buffer that renderers write into; escaping happens while bytes are copied. */

/** None: bytes as they are; XmlRaw: as they are, except characters XML 1.0 forbids (CDATA, PI data). */
export const Escape = {None: 0, Json: 1, XmlText: 2, XmlAttr: 3, XmlRaw: 4} as const
export type EscapeMode = (typeof Escape)[keyof typeof Escape]

const HEX = '0123456789abcdef'
/** windows-1252 code points of bytes 0x80..0x9f (the rest of the code page is Latin-1). */
export const CP1252: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
]

/** 1 for bytes that are printable ASCII needing no escaping in any mode (all but " & < > \\ and controls, DEL). */
const PLAIN = new Uint8Array(256)
for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x26 && c !== 0x3c && c !== 0x3e && c !== 0x5c) PLAIN[c] = 1

export class ByteOut {
  buf: Uint8Array
  pos = 0

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial)
  }

  reset(): void {
    this.pos = 0
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1)
    this.buf[this.pos++] = b
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length)
    this.buf.set(src, this.pos)
    this.pos += src.length
  }

  /** Copies a string known to need no escaping and to be ASCII (numbers, fixed keys). */
  ascii(s: string): void {
    const n = s.length
    this.ensure(n)
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i)
    this.pos = p
  }

  /** Writes a JS string as UTF-8, escaping for `mode`. */
  str(s: string, mode: EscapeMode): void {
    const n = s.length
    this.ensure(n * 6)
    let p = this.pos
    const b = this.buf
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 0x80) {
        p = escapeAscii(b, p, c, mode)
      } else if (c < 0x800) {
        p = writeTwoByte(b, p, c, mode)
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const d = s.charCodeAt(i + 1)
          if (d >= 0xdc00 && d <= 0xdfff) {
            p = writeSurrogatePair(b, p, c, d)
            i++
            continue
          }
        }
        p = writeBmp(b, p, c, mode)
      }
    }
    this.pos = p
  }

  /**
   * Writes `units` UTF-16LE code units from `src[off..]` as UTF-8, escaping for `mode`; stops at a NUL unit.
   * Returns the number of units written.
   */
  utf16(src: Uint8Array, off: number, units: number, mode: EscapeMode): number {
    if (this.pos + units * 6 > this.buf.length) this.ensure(units * 6)
    let p = this.pos
    const b = this.buf
    let i = 0
    for (; i < units; i++) {
      const q = off + 2 * i
      const lo = src[q]!
      const hi = src[q + 1]!
      // plain printable ASCII needs no escaping in any mode
      if (hi === 0 && PLAIN[lo] === 1) {
        b[p++] = lo
        continue
      }
      const c = lo | (hi << 8)
      if (c === 0x5c && mode === Escape.Json) {
        b[p++] = 0x5c
        b[p++] = 0x5c
        continue
      }
      if (c < 0x80) {
        if (c === 0) break
        p = escapeAscii(b, p, c, mode)
      } else if (c < 0x800) {
        p = writeTwoByte(b, p, c, mode)
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
          const d = src[q + 2]! | (src[q + 3]! << 8)
          if (d >= 0xdc00 && d <= 0xdfff) {
            p = writeSurrogatePair(b, p, c, d)
            i++
            continue
          }
        }
        p = writeBmp(b, p, c, mode)
      }
    }
    this.pos = p
    return i
  }

  /** ANSI (windows-1252) bytes, stopping at NUL. */
  latin1(src: Uint8Array, off: number, len: number, mode: EscapeMode): void {
    this.ensure(len * 6)
    let p = this.pos
    const b = this.buf
    for (let i = 0; i < len; i++) {
      let c = src[off + i]!
      if (PLAIN[c] === 1) {
        b[p++] = c
        continue
      }
      if (c === 0) break
      if (c < 0x80) p = escapeAscii(b, p, c, mode)
      else {
        if (c < 0xa0) c = CP1252[c - 0x80]!
        if (c < 0xa0 && mode >= Escape.XmlText) p = xmlC1(b, p, c, mode)
        else if (c < 0x800) {
          b[p++] = 0xc0 | (c >> 6)
          b[p++] = 0x80 | (c & 0x3f)
        } else p = writeBmp(b, p, c, mode)
      }
    }
    this.pos = p
  }

  /** A non-negative integer below 2^53 in decimal. */
  uint(v: number): void {
    if (this.pos + 16 > this.buf.length) this.ensure(16)
    const b = this.buf
    if (v < 10) {
      b[this.pos++] = 0x30 + v
      return
    }
    if (v <= 0xffffffff) {
      // 32-bit: integer division by 10 stays in small-integer arithmetic
      let n = v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10
      let p = this.pos + n
      this.pos = p
      let x = v >>> 0
      while (n-- > 0) {
        const q = (x / 10) >>> 0
        b[--p] = 0x30 + (x - q * 10)
        x = q
      }
      return
    }
    let n = 10
    while (n < 16 && v >= 10 ** n) n++
    let p = this.pos + n
    this.pos = p
    let x = v
    while (x >= 1) {
      const q = Math.floor(x / 10)
      b[--p] = 0x30 + (x - q * 10)
      x = q
    }
  }

  /** A signed integer of magnitude below 2^53 in decimal. */
  int(v: number): void {
    if (v < 0) {
      this.byte(0x2d)
      this.uint(-v)
    } else this.uint(v)
  }

  /** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` of the 16 GUID bytes at `src[off..]` (upper case). */
  guid(src: Uint8Array, off: number): void {
    if (this.pos + 38 > this.buf.length) this.ensure(38)
    const b = this.buf
    let p = this.pos
    b[p++] = 0x7b
    p = hexByteUpper(b, p, src[off + 3]!)
    p = hexByteUpper(b, p, src[off + 2]!)
    p = hexByteUpper(b, p, src[off + 1]!)
    p = hexByteUpper(b, p, src[off]!)
    b[p++] = 0x2d
    p = hexByteUpper(b, p, src[off + 5]!)
    p = hexByteUpper(b, p, src[off + 4]!)
    b[p++] = 0x2d
    p = hexByteUpper(b, p, src[off + 7]!)
    p = hexByteUpper(b, p, src[off + 6]!)
    b[p++] = 0x2d
    p = hexByteUpper(b, p, src[off + 8]!)
    p = hexByteUpper(b, p, src[off + 9]!)
    b[p++] = 0x2d
    for (let i = 10; i < 16; i++) p = hexByteUpper(b, p, src[off + i]!)
    b[p++] = 0x7d
    this.pos = p
  }

  /** Upper-case hex of `len` bytes at `src[off..]`. */
  hexBytes(src: Uint8Array, off: number, len: number): void {
    this.ensure(len * 2)
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < len; i++) p = hexByteUpper(b, p, src[off + i]!)
    this.pos = p
  }

  /** `0x` + lower-case hex of hi:lo without leading zeros. */
  hex(lo: number, hi: number): void {
    this.ensure(18)
    const b = this.buf
    let p = this.pos
    b[p++] = 0x30
    b[p++] = 0x78
    let started = false
    for (let shift = 28; shift >= 0; shift -= 4) {
      const d = (hi >>> shift) & 15
      if (d || started) {
        b[p++] = HEX.charCodeAt(d)
        started = true
      }
    }
    for (let shift = 28; shift >= 0; shift -= 4) {
      const d = (lo >>> shift) & 15
      if (d || started || shift === 0) {
        b[p++] = HEX.charCodeAt(d)
        started = true
      }
    }
    this.pos = p
  }

  /** A copy of the bytes written since `start`. */
  slice(start = 0): Uint8Array {
    return this.buf.slice(start, this.pos)
  }
}

function hexByteUpper(b: Uint8Array, p: number, v: number): number {
  const hi = v >> 4
  const lo = v & 15
  b[p] = hi < 10 ? 0x30 + hi : 0x37 + hi
  b[p + 1] = lo < 10 ? 0x30 + lo : 0x37 + lo
  return p + 2
}

function escapeAscii(b: Uint8Array, p: number, c: number, mode: EscapeMode): number {
  if (mode === Escape.Json) {
    if (c === 0x22 || c === 0x5c) {
      b[p++] = 0x5c
      b[p++] = c
    } else if (c < 0x20) {
      b[p++] = 0x5c
      if (c === 0x0a) b[p++] = 0x6e
      else if (c === 0x0d) b[p++] = 0x72
      else if (c === 0x09) b[p++] = 0x74
      else if (c === 0x08) b[p++] = 0x62
      else if (c === 0x0c) b[p++] = 0x66
      else {
        b[p++] = 0x75
        b[p++] = 0x30
        b[p++] = 0x30
        b[p++] = HEX.charCodeAt(c >> 4)
        b[p++] = HEX.charCodeAt(c & 15)
      }
    } else b[p++] = c
  } else if (mode === Escape.None) {
    b[p++] = c
  } else if (c === 0x7f) {
    p = xmlC1(b, p, c, mode)
  } else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
    // not allowed in XML 1.0, not even as a character reference: U+FFFD keeps the document well-formed
    b[p++] = 0xef; b[p++] = 0xbf; b[p++] = 0xbd
  } else if (mode === Escape.XmlRaw) {
    b[p++] = c
  } else if (c === 0x26) {
    b[p++] = 0x26; b[p++] = 0x61; b[p++] = 0x6d; b[p++] = 0x70; b[p++] = 0x3b // &amp;
  } else if (c === 0x3c) {
    b[p++] = 0x26; b[p++] = 0x6c; b[p++] = 0x74; b[p++] = 0x3b // &lt;
  } else if (c === 0x3e) {
    b[p++] = 0x26; b[p++] = 0x67; b[p++] = 0x74; b[p++] = 0x3b // &gt;
  } else if (c === 0x22 && mode === Escape.XmlAttr) {
    b[p++] = 0x26; b[p++] = 0x71; b[p++] = 0x75; b[p++] = 0x6f; b[p++] = 0x74; b[p++] = 0x3b // &quot;
  } else b[p++] = c
  return p
}

/**
 * DEL and C1 controls (U+007F..U+009F): allowed in XML 1.0 but only as references in XML 1.1, so written as
 * `&#N;` (well-formed in both); inside CDATA/PI, where references are not read, as U+FFFD.
 */
function xmlC1(b: Uint8Array, p: number, c: number, mode: EscapeMode): number {
  if (mode === Escape.XmlRaw) {
    b[p++] = 0xef; b[p++] = 0xbf; b[p++] = 0xbd
    return p
  }
  b[p++] = 0x26
  b[p++] = 0x23
  b[p++] = 0x30 + Math.floor(c / 100)
  b[p++] = 0x30 + (Math.floor(c / 10) % 10)
  b[p++] = 0x30 + (c % 10)
  b[p++] = 0x3b
  return p
}

/** U+0080..U+07FF as two UTF-8 bytes; C1 controls escaped in XML modes. */
function writeTwoByte(b: Uint8Array, p: number, c: number, mode: EscapeMode): number {
  if (c < 0xa0 && mode >= Escape.XmlText) return xmlC1(b, p, c, mode)
  b[p++] = 0xc0 | (c >> 6)
  b[p++] = 0x80 | (c & 0x3f)
  return p
}

/** A high and low surrogate as the four UTF-8 bytes of their supplementary code point. */
function writeSurrogatePair(b: Uint8Array, p: number, high: number, low: number): number {
  const c = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
  b[p++] = 0xf0 | (c >> 18)
  b[p++] = 0x80 | ((c >> 12) & 0x3f)
  b[p++] = 0x80 | ((c >> 6) & 0x3f)
  b[p++] = 0x80 | (c & 0x3f)
  return p
}

function writeBmp(b: Uint8Array, p: number, c: number, mode: EscapeMode): number {
  if (c >= 0xd800 && c <= 0xdfff) {
    // lone surrogate: not encodable as UTF-8
    if (mode === Escape.Json) {
      b[p++] = 0x5c
      b[p++] = 0x75
      b[p++] = HEX.charCodeAt((c >> 12) & 15)
      b[p++] = HEX.charCodeAt((c >> 8) & 15)
      b[p++] = HEX.charCodeAt((c >> 4) & 15)
      b[p++] = HEX.charCodeAt(c & 15)
    } else {
      b[p++] = 0xef; b[p++] = 0xbf; b[p++] = 0xbd // U+FFFD
    }
    return p
  }
  if (c >= 0xfffe && mode !== Escape.Json) c = 0xfffd
  b[p++] = 0xe0 | (c >> 12)
  b[p++] = 0x80 | ((c >> 6) & 0x3f)
  b[p++] = 0x80 | (c & 0x3f)
  return p
}
