import {open} from 'node:fs/promises'

import type {ArtefactKind} from '../model/event.js'

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

const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task'
const GUID = '\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}'
const BITSADMIN_MARKERS = [
  /^BITSADMIN version \d/im,
  /^BITS administration utility\./im,
  new RegExp(`^GUID: ${GUID}\\s+DISPLAY:`, 'm'),
  new RegExp(`^${GUID} '.*' [A-Z_]+ \\d+ / \\d+`, 'm'),
  /^Listed \d+ job\(s\)\./m,
]
const CSV_KNOWN_COLUMNS = new Set(
  [
    '@timestamp', 'timecreated', 'timestamp', 'utctime', 'eventid', 'event id', 'event.code', 'winlog.event_id',
    'provider', 'channel', 'computer', 'host.name', 'commandline', 'process.command_line', 'image',
    'process.executable', 'parentimage', 'targetobject', 'registry.path', 'mapdescription', 'payloaddata1',
    'targetfilename', 'file.path', 'user.name', 'message',
  ],
)

export function identifyText(text: string): Identification {
  const trimmed = text.replace(/^[\s\ufeff]+/, '')
  if (/^Windows Registry Editor Version 5\.00/.test(trimmed)) return {kind: 'reg', reason: 'Registry Editor 5.00 header'}
  if (/^REGEDIT4/.test(trimmed)) return {kind: 'reg', reason: 'REGEDIT4 header'}
  if (trimmed.startsWith('<') && trimmed.includes(TASK_NAMESPACE) && /<Task[\s>]/.test(trimmed)) {
    return {kind: 'task-xml', reason: 'Task Scheduler XML namespace'}
  }
  for (const marker of BITSADMIN_MARKERS) {
    if (marker.test(trimmed)) return {kind: 'bitsadmin', reason: 'bitsadmin listing'}
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return identifyJson(trimmed)
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = [',', ';', '\t'].map(d => ({d, n: firstLine.split(d).length})).sort((a, b) => b.n - a.n)[0]!
  if (delimiter.n >= 2) {
    const columns = firstLine.split(delimiter.d).map(c => c.trim().replace(/^"|"$/g, '').toLowerCase())
    const known = columns.filter(c => CSV_KNOWN_COLUMNS.has(c) || c.startsWith('winlog.event_data.'))
    if (known.length > 0) return {kind: 'csv', reason: `CSV header with ${known.slice(0, 3).join(', ')}`}
    return {kind: 'unknown', reason: 'delimited text without any known event column'}
  }
  return {kind: 'unknown', reason: 'text of no known format'}
}

function identifyJson(text: string): Identification {
  const lines = text.split(/\r?\n/).filter(l => l.trim() !== '')
  const complete = text.length < HEAD_BYTES ? lines : lines.slice(0, -1)
  const parsed = complete.slice(0, 5).map(line => {
    try {
      return JSON.parse(line) as unknown
    } catch {
      return undefined
    }
  })
  if (parsed.length > 0 && parsed.every(v => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    return complete.length > 1 || text.trimEnd().split(/\r?\n/).length === 1
      ? {kind: 'ndjson', reason: 'one JSON object per line'}
      : {kind: 'json', reason: 'JSON document'}
  }
  if (/^[[{]\s*"?/.test(text) && /"(hits|_source|Event|@timestamp|winlog|took)"\s*:/.test(text)) {
    return {kind: 'json', reason: 'JSON document with event fields'}
  }
  return {kind: 'unknown', reason: 'JSON of no known shape'}
}
