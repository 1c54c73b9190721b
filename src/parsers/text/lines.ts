/** Streams a text file as decoded lines with bounded memory: CRLF or LF, any encoding `detectEncoding` knows. */

import {createReadStream} from 'node:fs'
import {createChunkDecoder, detectEncoding, encodedLength, type DetectOptions, type DetectedEncoding} from './encoding.js'

export interface TextLine {
  /** The line without its terminator. */
  text: string
  /** 1-based line number. */
  line: number
  /** Byte offset of the line's first byte in the file. */
  offset: number
  /** Set when the line was longer than `maxLineLength`: `text` holds its beginning only. */
  truncated?: true
}

export interface LineReaderOptions extends DetectOptions {
  /** Longest line kept whole, in characters (default 16 Mi); longer lines are cut and flagged `truncated`. */
  maxLineLength?: number
  /** Told the encoding once it is known, before the first line. */
  onEncoding?(encoding: DetectedEncoding): void
  /** Told how many bytes have been read so far. */
  onProgress?(bytesRead: number): void
  signal?: AbortSignal
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024
const HEAD_BYTES = 8192

/** Splits decoded byte chunks into lines. */
export async function* linesFromChunks(chunks: AsyncIterable<Uint8Array>, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE
  let head: Uint8Array[] = []
  let headLength = 0
  let decoder: ReturnType<typeof createChunkDecoder> | undefined
  let encodingName: DetectedEncoding['encoding'] = 'utf-8'
  let parts: string[] = []
  let partsLength = 0
  let truncated = false
  let droppedBytes = 0
  let lineNo = 0
  let offset = 0
  let bytesRead = 0

  const finishLine = (tail: string): TextLine => {
    let text: string
    if (parts.length === 0) text = tail
    else {
      parts.push(tail)
      text = parts.join('')
    }
    const consumed = encodedLength(text, encodingName)
    if (!truncated && text.length > maxLineLength) truncated = true
    if (text.endsWith('\r')) text = text.slice(0, -1)
    if (truncated && text.length > maxLineLength) text = text.slice(0, maxLineLength)
    const result: TextLine = {text, line: ++lineNo, offset}
    if (truncated) result.truncated = true
    offset += consumed + droppedBytes
    droppedBytes = 0
    parts = []
    partsLength = 0
    truncated = false
    return result
  }

  function* split(decoded: string): Generator<TextLine> {
    let start = 0
    for (;;) {
      const nl = decoded.indexOf('\n', start)
      if (nl < 0) break
      const line = finishLine(decoded.slice(start, nl))
      offset += encodedLength('\n', encodingName)
      yield line
      start = nl + 1
    }
    if (start < decoded.length) {
      const rest = decoded.slice(start)
      if (partsLength + rest.length <= maxLineLength + 1) {
        parts.push(rest)
        partsLength += rest.length
      } else {
        // Keep the beginning; count the dropped part's bytes so offsets stay exact.
        const room = Math.max(0, maxLineLength + 1 - partsLength)
        if (room > 0) parts.push(rest.slice(0, room))
        partsLength += room
        droppedBytes += encodedLength(rest.slice(room), encodingName)
        truncated = true
      }
    }
  }

  /** Detects the encoding from the bytes read so far, and decodes them. */
  function* startDecoding(): Generator<TextLine, ReturnType<typeof createChunkDecoder>> {
    const first = Buffer.concat(head)
    head = []
    const detected = detectEncoding(first, options)
    options.onEncoding?.(detected)
    const dec = createChunkDecoder(detected.encoding)
    encodingName = detected.encoding
    offset = detected.bomLength
    yield* split(dec.write(first.subarray(detected.bomLength)))
    return dec
  }

  for await (const chunk of chunks) {
    if (options.signal?.aborted) return
    bytesRead += chunk.byteLength
    options.onProgress?.(bytesRead)
    if (!decoder) {
      head.push(chunk)
      headLength += chunk.byteLength
      if (headLength < HEAD_BYTES) continue
      decoder = yield* startDecoding()
      continue
    }
    yield* split(decoder.write(chunk))
  }
  decoder ??= yield* startDecoding()
  yield* split(decoder.end())
  if (partsLength > 0 || truncated) yield finishLine('')
}

/** Reads a file as lines (64 KB reads, so memory stays bounded by the longest line). */
export function readTextLines(filePath: string, options: LineReaderOptions = {}): AsyncGenerator<TextLine> {
  const stream = createReadStream(filePath, {highWaterMark: 64 * 1024})
  return linesFromChunks(stream, options)
}
