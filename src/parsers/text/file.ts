/** Reads a whole (small) text artefact, decoded, refusing files above a size bound. */

import {open} from 'node:fs/promises'
import {decodeBytes, type DetectOptions, type DetectedEncoding} from './encoding.js'

export interface ReadTextOptions extends DetectOptions {
  /** Largest file read whole (default 64 MiB). */
  maxBytes?: number
}

export type ReadTextResult =
  | {ok: true; text: string; encoding: DetectedEncoding; size: number}
  | {ok: false; size: number; reason: string}

export async function readTextFile(filePath: string, options: ReadTextOptions = {}): Promise<ReadTextResult> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
  const handle = await open(filePath, 'r')
  try {
    const {size} = await handle.stat()
    if (size > maxBytes) return {ok: false, size, reason: `file is ${size} bytes, more than the ${maxBytes} bytes read whole for this kind`}
    const bytes = await handle.readFile()
    const {text, encoding} = decodeBytes(bytes, options)
    return {ok: true, text, encoding, size}
  } finally {
    await handle.close()
  }
}
