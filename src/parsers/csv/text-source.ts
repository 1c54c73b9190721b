/** Reads a text export as decoded string chunks: BOM stripped, UTF-8 or UTF-16 chosen from the first bytes. */

import {createReadStream} from 'node:fs'
import {TextDecoder} from 'node:util'

export type ExportEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

export interface TextChunkOptions {
  signal?: AbortSignal
  /** Bytes of the file read so far, after each chunk. */
  onBytes?(bytesDone: number): void
  /** Read size; default 1 MiB. */
  chunkBytes?: number
}

/** The encoding and BOM length of a text export from its first bytes. */
export function sniffEncoding(head: Uint8Array): {encoding: ExportEncoding; bomLength: number} {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return {encoding: 'utf-8', bomLength: 3}
  if (head[0] === 0xff && head[1] === 0xfe) return {encoding: 'utf-16le', bomLength: 2}
  if (head[0] === 0xfe && head[1] === 0xff) return {encoding: 'utf-16be', bomLength: 2}
  const n = Math.min(head.length, 512) & ~1
  if (n >= 4) {
    let evenZero = 0
    let oddZero = 0
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++
      if (head[i + 1] === 0) oddZero++
    }
    if (oddZero > (n / 2) * 0.6 && evenZero === 0) return {encoding: 'utf-16le', bomLength: 0}
    if (evenZero > (n / 2) * 0.6 && oddZero === 0) return {encoding: 'utf-16be', bomLength: 0}
  }
  return {encoding: 'utf-8', bomLength: 0}
}

/** Yields the decoded text of a file chunk by chunk; never holds more than one chunk. */
export async function* decodedChunks(filePath: string, options: TextChunkOptions = {}): AsyncGenerator<string> {
  const stream = createReadStream(filePath, {highWaterMark: options.chunkBytes ?? 1 << 20})
  let decoder: TextDecoder | undefined
  let bytes = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) return
      let body: Uint8Array = chunk
      if (!decoder) {
        const {encoding, bomLength} = sniffEncoding(chunk)
        decoder = new TextDecoder(encoding, {ignoreBOM: true})
        body = chunk.subarray(bomLength)
      }
      bytes += chunk.length
      const text = decoder.decode(body, {stream: true})
      options.onBytes?.(bytes)
      if (text) yield text
    }
    const rest = decoder?.decode() ?? ''
    if (rest) yield rest
  } finally {
    stream.destroy()
  }
}
