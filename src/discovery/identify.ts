import {open} from 'node:fs/promises'

import type {ArtefactKind} from '../model/event.js'
import {sniffBitsadmin} from '../parsers/bitsadmin/index.js'
import {detectCsvFlavor} from '../parsers/csv/index.js'
import {looksLikeJsonExport, looksLikeNdjson} from '../parsers/ndjson/index.js'
import {sniffRegExport} from '../parsers/reg/index.js'
import {sniffTaskXml} from '../parsers/task-xml/index.js'

const HEAD_BYTES = 64 * 1024

export type Identification = {kind: ArtefactKind; reason: string} | {kind: 'unknown'; reason: string}

/** Reads the start of a file and names its artefact kind from its content, never from its extension. */
export async function identifyFile(filePath: string): Promise<Identification> {
  const handle = await open(filePath, 'r')
  try {
    const head = Buffer.alloc(HEAD_BYTES)
    const {bytesRead} = await handle.read(head, 0, HEAD_BYTES, 0)
    return identifyHead(head.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

export function identifyHead(head: Buffer): Identification {
  if (head.length === 0) return {kind: 'unknown', reason: 'empty file'}
  if (head.subarray(0, 8).toString('latin1') === 'ElfFile\0') return {kind: 'evtx', reason: 'ElfFile signature'}
  if (head.subarray(0, 8).toString('latin1') === 'ElfChnk\0') return {kind: 'evtx', reason: 'EVTX chunk without file header'}
  if (head.subarray(0, 4).toString('latin1') === 'regf') return {kind: 'regf', reason: 'regf signature (raw registry hive)'}
  const text = decodeTextHead(head)
  if (text === undefined) return {kind: 'unknown', reason: 'binary content of no known format'}
  return identifyText(text)
}

/** Decodes a text head by BOM, or by the NUL pattern of BOM-less UTF-16LE; undefined for binary data. */
export function decodeTextHead(head: Buffer): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2, head.length & ~1).toString('utf16le')
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(head.subarray(2, head.length & ~1)).swap16().toString('utf16le')
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return head.subarray(3).toString('utf8')
  const sample = head.subarray(0, Math.min(head.length, 4096))
  let oddNul = 0
  let evenNul = 0
  let control = 0
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!
    if (b === 0) {
      if (i & 1) oddNul++
      else evenNul++
    } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++
  }
  const pairs = Math.floor(sample.length / 2)
  if (pairs > 0 && oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return head.subarray(0, head.length & ~1).toString('utf16le')
  if (oddNul + evenNul > 0 || control > sample.length * 0.01) return undefined
  return head.toString('latin1').includes('\ufffd') ? undefined : head.toString('utf8')
}

/** Text kinds in the order they are tried; each sniffer is the parser's own and says why it matched. */
const TEXT_SNIFFERS: [ArtefactKind, (text: string) => string | null][] = [
  ['reg', sniffRegExport],
  ['task-xml', sniffTaskXml],
  ['bitsadmin', sniffBitsadmin],
  ['ndjson', looksLikeNdjson],
  ['json', looksLikeJsonExport],
]

export function identifyText(text: string): Identification {
  for (const [kind, sniff] of TEXT_SNIFFERS) {
    const reason = sniff(text)
    if (reason) return {kind, reason}
  }
  const firstLine = text.replace(/^[\s\ufeff]+/, '').split(/\r?\n/, 1)[0] ?? ''
  const csv = detectCsvFlavor(firstLine)
  if (csv) return {kind: 'csv', reason: csv}
  if (/^[\s\ufeff]*[[{]/.test(text)) return {kind: 'unknown', reason: 'JSON of no known shape'}
  if (/[,;\t]/.test(firstLine)) return {kind: 'unknown', reason: 'delimited text without any known event column'}
  return {kind: 'unknown', reason: 'text of no known format'}
}
