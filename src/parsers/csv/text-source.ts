/** Reads a text export as decoded string chunks: BOM stripped, the encoding chosen from the first bytes. */

import {createReadStream} from 'node:fs'

import {createChunkDecoder, detectEncoding, type ChunkDecoder} from '../text/index.js'

export interface TextChunkOptions {
  signal?: AbortSignal
  /** Bytes of the file read so far, after each chunk. */
  onBytes?(bytesDone: number): void
  /** Read size; default 1 MiB. */
  chunkBytes?: number
}

/** Yields the decoded text of a file chunk by chunk; never holds more than one chunk. */
export async function* decodedChunks(filePath: string, options: TextChunkOptions = {}): AsyncGenerator<string> {
  const stream = createReadStream(filePath, {highWaterMark: options.chunkBytes ?? 1 << 20})
  let decoder: ChunkDecoder | undefined
  let bytes = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) return
      let body: Uint8Array = chunk
      if (!decoder) {
        const {encoding, bomLength} = detectEncoding(chunk, {singleByte: 'ansi'})
        decoder = createChunkDecoder(encoding)
        body = chunk.subarray(bomLength)
      }
      bytes += chunk.length
      const text = decoder.write(body)
      options.onBytes?.(bytes)
      if (text) yield text
    }
    const rest = decoder?.end() ?? ''
    if (rest) yield rest
  } finally {
    stream.destroy()
  }
}
