/** CRC-32 (IEEE 802.3, as zlib), used by the file header, chunk header and event-records checksums. */

import * as zlib from 'node:zlib'

type NativeCrc = (data: Uint8Array, value?: number) => number
/** zlib.crc32 exists from Node 20.15 / 22.2; the table version below serves older runtimes. */
const native = (zlib as unknown as {crc32?: NativeCrc}).crc32

const TABLE = (() => {
  const t = new Int32Array(256 * 8)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8)
      t[k * 256 + n] = c
    }
  }
  return t
})()

/** Unsigned CRC-32 of `buf[start..end)`, continuing from `seed` (a previous result) when given. */
export function crc32(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  if (native) return native(buf.subarray(start, end), seed) >>> 0
  return crc32Table(buf, start, end, seed)
}

/** The portable implementation (slicing by 8). */
export function crc32Table(buf: Uint8Array, start = 0, end = buf.length, seed = 0): number {
  const t = TABLE
  let c = ~seed
  let i = start
  for (; i + 8 <= end; i += 8) {
    c ^= buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)
    c =
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + buf[i + 4]!]! ^
      t[512 + buf[i + 5]!]! ^
      t[256 + buf[i + 6]!]! ^
      t[buf[i + 7]!]!
  }
  for (; i < end; i++) c = t[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}
