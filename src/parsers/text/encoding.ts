/** Finds the encoding of a Windows text artefact (BOM, UTF-16 without BOM, UTF-8, OEM or ANSI) and decodes it. */

import {OEM_HIGH_HALF, type OemCodePage} from './oem.js'

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | OemCodePage | 'windows-1252'

/** Which single-byte code page a file without BOM that is not UTF-8 was written in: cmd `>` writes OEM, regedit ANSI. */
export type SingleByteFamily = 'oem' | 'ansi'

export interface DetectOptions {
  /** Default 'oem'. */
  singleByte?: SingleByteFamily
}

export interface DetectedEncoding {
  encoding: TextEncodingName
  /** Bytes of byte-order mark to skip (0 when there is none). */
  bomLength: number
  /** Why this encoding was chosen, for reports. */
  reason: string
}

const SNIFF_BYTES = 8192

/** Decides the encoding from the first bytes of a file (the first 8 KB are enough). */
export function detectEncoding(bytes: Uint8Array, options: DetectOptions = {}): DetectedEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return {encoding: 'utf-16le', bomLength: 2, reason: 'UTF-16LE byte-order mark'}
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return {encoding: 'utf-16be', bomLength: 2, reason: 'UTF-16BE byte-order mark'}
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return {encoding: 'utf-8', bomLength: 3, reason: 'UTF-8 byte-order mark'}
  const head = bytes.subarray(0, SNIFF_BYTES)
  const utf16 = utf16WithoutBom(head)
  if (utf16) return {encoding: utf16, bomLength: 0, reason: `${utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} without byte-order mark (zero bytes at alternate positions)`}
  if (isUtf8(head, head.length < bytes.length)) return {encoding: 'utf-8', bomLength: 0, reason: hasHighBytes(head) ? 'valid UTF-8' : 'ASCII'}
  if ((options.singleByte ?? 'oem') === 'ansi') return {encoding: 'windows-1252', bomLength: 0, reason: 'not UTF-8: ANSI code page 1252'}
  const cp = likelierOemCodePage(head)
  return {encoding: cp, bomLength: 0, reason: `not UTF-8: OEM code page ${cp === 'cp437' ? '437' : '850'}`}
}

function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(head.length / 2)
  if (pairs < 2) return undefined
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) zeroEven++
    if (head[i + 1] === 0) zeroOdd++
  }
  if (zeroOdd >= pairs * 0.4 && zeroEven <= pairs * 0.1) return 'utf-16le'
  if (zeroEven >= pairs * 0.4 && zeroOdd <= pairs * 0.1) return 'utf-16be'
  return undefined
}

function hasHighBytes(head: Uint8Array): boolean {
  for (const b of head) if (b >= 0x80) return true
  return false
}

/** Strict UTF-8 validation; a sequence cut by the end of a truncated sample is accepted. */
function isUtf8(head: Uint8Array, truncated: boolean): boolean {
  let i = 0
  while (i < head.length) {
    const b = head[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) need = 2
    else if (b >= 0xf0 && b <= 0xf4) need = 3
    else return false
    for (let k = 1; k <= need; k++) {
      const c = head[i + k]
      if (c === undefined) return truncated
      if ((c & 0xc0) !== 0x80) return false
    }
    i += need + 1
  }
  return true
}

/** Picks 850 over 437 when its reading of the high bytes yields more Latin letters (437 has box drawing and Greek there). */
function likelierOemCodePage(head: Uint8Array): OemCodePage {
  let score437 = 0
  let score850 = 0
  const latin = /\p{Script=Latin}/u
  for (const b of head) {
    if (b < 0x80) continue
    if (latin.test(OEM_HIGH_HALF.cp437[b - 0x80]!)) score437++
    if (latin.test(OEM_HIGH_HALF.cp850[b - 0x80]!)) score850++
  }
  return score850 > score437 ? 'cp850' : 'cp437'
}

/** An incremental decoder: feed byte chunks, get text; multi-byte sequences split across chunks are kept for the next write. */
export interface ChunkDecoder {
  readonly encoding: TextEncodingName
  write(bytes: Uint8Array): string
  end(): string
}

export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === 'cp437' || encoding === 'cp850') {
    const table = OEM_HIGH_HALF[encoding]
    const decode = (bytes: Uint8Array): string =>
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        .toString('latin1')
        .replace(/[\x80-\xff]/g, ch => table[ch.charCodeAt(0) - 0x80]!)
    return {encoding, write: decode, end: () => ''}
  }
  const decoder = new TextDecoder(encoding, {fatal: false, ignoreBOM: true})
  return {
    encoding,
    write: bytes => decoder.decode(bytes, {stream: true}),
    end: () => decoder.decode(),
  }
}

/** Decodes a whole buffer, skipping its BOM. */
export function decodeBytes(bytes: Uint8Array, options: DetectOptions = {}): {text: string; encoding: DetectedEncoding} {
  const encoding = detectEncoding(bytes, options)
  const decoder = createChunkDecoder(encoding.encoding)
  const text = decoder.write(bytes.subarray(encoding.bomLength)) + decoder.end()
  return {text, encoding}
}

/** Bytes a decoded string occupied in its encoding: exact for every encoding above (unpaired surrogates count as written). */
export function encodedLength(text: string, encoding: TextEncodingName): number {
  switch (encoding) {
    case 'utf-16le':
    case 'utf-16be':
      return text.length * 2
    case 'utf-8':
      return Buffer.byteLength(text, 'utf8')
    default:
      return text.length
  }
}

/** Decodes the first bytes of a file for content sniffing; a string is returned as is. */
export function sniffText(input: string | Uint8Array, options: DetectOptions = {}): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  return decodeBytes(input.subarray(0, SNIFF_BYTES), options).text
}
