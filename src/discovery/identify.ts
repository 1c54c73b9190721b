import {open} from 'node:fs/promises'

import type {ArtefactKind} from '../model/event.js'
import {sniffBitsadmin} from '../parsers/bitsadmin/index.js'
import {detectCsvFlavor} from '../parsers/csv/index.js'
import {looksLikeJsonExport, looksLikeNdjson} from '../parsers/ndjson/index.js'
import {sniffRegExport} from '../parsers/reg/index.js'
import {sniffTaskXml} from '../parsers/task-xml/index.js'
import {decodeBytes, detectEncoding} from '../parsers/text/index.js'

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

/** Decodes a text head (BOMs, BOM-less UTF-16, UTF-8, single-byte code pages); undefined for binary data. */
export function decodeTextHead(head: Buffer): string | undefined {
  const encoding = detectEncoding(head, {singleByte: 'ansi'})
  if (!encoding.encoding.startsWith('utf-16') && looksBinary(head.subarray(0, 4096))) return undefined
  return decodeBytes(head, {singleByte: 'ansi'}).text
}

function looksBinary(sample: Buffer): boolean {
  let control = 0
  for (const b of sample) {
    if (b === 0) return true
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++
  }
  return control > sample.length * 0.01
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
