/**
 * `bitstrail evtx`: reads EVTX files through the decoding core and writes their records as JSON lines, a JSON
 * array, XML or CSV, in file order, with backpressure. Damage is reported through `onIssue`, a file that cannot be
 * read through `onFileError`; neither stops the other files.
 */

import type {Writable} from 'node:stream'

import {BitstrailError, UsageError} from '../model/errors.js'
import type {ParseIssue} from '../model/issue.js'
import {EvtxPool, readEvtx, readEvtxChunks, type ReadEvtxOptions} from '../parsers/evtx/index.js'

export const EVTX_FORMATS = ['jsonl', 'json', 'xml', 'csv'] as const
export type EvtxFormat = (typeof EVTX_FORMATS)[number]

export interface EvtxFilters {
  eventIds?: number[]
  providers?: string[]
  channels?: string[]
  /** Bounds on TimeCreated, normalised with `normaliseTimeBound`. */
  since?: string
  until?: string
}

export interface EvtxExportOptions {
  files: string[]
  format: EvtxFormat
  out: Writable
  filters: EvtxFilters
  threads: number
  onIssue: (issue: ParseIssue) => void
  onFileError: (path: string, message: string) => void
}

export interface EvtxExportSummary {
  files: number
  failedFiles: number
  records: number
  issues: number
}

const MAX_EVENT_IDS = 65536

/** `4624,4688-4690` (and repeated flags) → sorted unique ids. */
export function parseEventIdList(specs: readonly string[]): number[] {
  const ids = new Set<number>()
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      const p = part.trim()
      if (p === '') continue
      const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(p)
      if (!m) throw new UsageError(`--event-id: "${p}" is not an event id or a range like 4688-4690`)
      const lo = Number(m[1])
      const hi = m[2] === undefined ? lo : Number(m[2])
      if (lo > 65535 || hi > 65535 || hi < lo) throw new UsageError(`--event-id: "${p}" is outside 0-65535 or reversed`)
      for (let i = lo; i <= hi; i++) ids.add(i)
      if (ids.size > MAX_EVENT_IDS) throw new UsageError('--event-id: too many ids')
    }
  }
  return [...ids].sort((a, b) => a - b)
}

/**
 * An ISO-8601 bound → `YYYY-MM-DDTHH:MM:SS.fffffffZ` (the decoder compares times as strings of that form).
 * A date alone means the start of the day for `since` and its last tick for `until`; a time without a zone is UTC;
 * offsets are converted to UTC.
 */
export function normaliseTimeBound(value: string, which: 'since' | 'until'): string {
  const v = value.trim()
  const flag = `--${which}`
  const utc = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z?$/i.exec(v)
  if (utc) {
    if (Number.isNaN(Date.parse(`${utc[1]}T${utc[2]}Z`))) throw new UsageError(`${flag}: "${value}" is not a valid time`)
    const frac = (utc[3] ?? '').padEnd(7, which === 'until' && utc[3] === undefined ? '9' : '0')
    return `${utc[1]}T${utc[2]}.${frac}Z`
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    if (Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UsageError(`${flag}: "${value}" is not a valid date`)
    return which === 'since' ? `${v}T00:00:00.0000000Z` : `${v}T23:59:59.9999999Z`
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:[+-]\d{2}:?\d{2})$/.test(v)) {
    const ms = Date.parse(v)
    if (!Number.isNaN(ms)) return `${new Date(ms).toISOString().slice(0, 23)}${which === 'until' ? '9999' : '0000'}Z`
  }
  throw new UsageError(`${flag}: "${value}" is not an ISO-8601 time (e.g. 2024-03-01T10:00:00Z or 2024-03-01)`)
}

/** Prefixes a `'` to cells a spreadsheet would run as a formula, then quotes as RFC 4180 needs. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export const CSV_COLUMNS = [
  'File',
  'RecordID',
  'TimeCreated',
  'EventID',
  'Provider',
  'Channel',
  'Computer',
  'UserSID',
  'ProcessID',
  'ThreadID',
  'EventData',
] as const

type JsonNode = Record<string, unknown> | string | number | boolean | null | undefined

function attr(node: JsonNode, name: string): string {
  const a = typeof node === 'object' && node !== null ? (node['#attributes'] as Record<string, unknown> | undefined) : undefined
  const v = a?.[name]
  return v === undefined || v === null ? '' : String(v)
}

function textOf(node: JsonNode): string {
  if (node === undefined || node === null) return ''
  if (typeof node === 'object') return textOf(node['#text'] as JsonNode)
  return String(node)
}

/** One CSV row from a record's JSON (evtx_dump shape): System fields, then EventData/UserData as JSON. */
export function csvRow(file: string, json: string): string {
  const event = ((JSON.parse(json) as {Event?: Record<string, JsonNode>}).Event ?? {}) as Record<string, JsonNode>
  const sys = (event.System ?? {}) as Record<string, JsonNode>
  const cells = [
    file,
    textOf(sys.EventRecordID),
    attr(sys.TimeCreated, 'SystemTime'),
    textOf(sys.EventID),
    attr(sys.Provider, 'Name'),
    textOf(sys.Channel),
    textOf(sys.Computer),
    attr(sys.Security, 'UserID'),
    attr(sys.Execution, 'ProcessID'),
    attr(sys.Execution, 'ThreadID'),
    JSON.stringify(event.EventData ?? event.UserData ?? null),
  ]
  return `${cells.map(csvCell).join(',')}\r\n`
}

/** Output may run this far ahead of the destination before the reader waits (bounds memory, keeps decoding busy). */
const MAX_BUFFERED = 1 << 20

/** Writes with backpressure: returns a promise only when the stream holds more than MAX_BUFFERED bytes. */
function write(out: Writable, data: string | Uint8Array): Promise<void> | undefined {
  if (out.write(data) || out.writableLength < MAX_BUFFERED) return undefined
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain)
      out.off('error', done)
      if (err) reject(err)
      else resolve()
    }
    const onDrain = () => done()
    out.once('drain', onDrain)
    out.once('error', done)
  })
}

/** Reads every file in order and writes its records; returns counts. Never throws for one bad file. */
export async function exportEvtx(o: EvtxExportOptions): Promise<EvtxExportSummary> {
  const summary: EvtxExportSummary = {files: 0, failedFiles: 0, records: 0, issues: 0}
  const pool = o.threads > 1 ? new EvtxPool(o.threads) : undefined
  let first = true
  const header = o.format === 'json' ? '[\n' : o.format === 'xml' ? '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n' : o.format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : ''
  if (header) await write(o.out, header)
  try {
    for (const file of o.files) {
      summary.files++
      const base: ReadEvtxOptions = {
        output: o.format === 'xml' ? 'xml' : 'json',
        threads: o.threads,
        displayPath: file,
        onIssue: (i) => {
          summary.issues++
          o.onIssue(i)
        },
      }
      if (pool) base.pool = pool
      const f = o.filters
      if (f.eventIds) base.eventIds = f.eventIds
      if (f.providers) base.providers = f.providers
      if (f.channels) base.channels = f.channels
      if (f.since !== undefined) base.since = f.since
      if (f.until !== undefined) base.until = f.until
      try {
        if (o.format === 'csv') {
          for await (const r of readEvtx(file, base)) {
            if (r.json === undefined) continue
            summary.records++
            await write(o.out, csvRow(file, r.json))
          }
          continue
        }
        // bulk output needs only the rendered text: no per-record metadata arrays
        for await (const c of readEvtxChunks(file, {...base, meta: false})) {
          const n = c.recordIds.length
          if (!c.text || !c.ends || n === 0) continue
          summary.records += n
          if (o.format === 'jsonl') {
            await write(o.out, c.text.subarray(0, c.ends[n - 1]! + 1))
          } else if (o.format === 'xml') {
            await write(o.out, c.text.subarray(0, c.ends[n - 1]! + 1))
          } else {
            let start = 0
            const parts: Uint8Array[] = []
            for (let i = 0; i < n; i++) {
              const end = c.ends[i]!
              if (!first) parts.push(COMMA_NL)
              first = false
              parts.push(c.text.subarray(start, end))
              start = end + 1
            }
            await write(o.out, Buffer.concat(parts))
          }
        }
      } catch (err) {
        if (!(err instanceof BitstrailError)) throw err
        summary.failedFiles++
        o.onFileError(file, err.message)
      }
    }
  } finally {
    await pool?.close()
  }
  const footer = o.format === 'json' ? (first ? ']\n' : '\n]\n') : o.format === 'xml' ? '</Events>\n' : ''
  if (footer) await write(o.out, footer)
  return summary
}

const COMMA_NL = Uint8Array.of(0x2c, 0x0a)

/** One line for stderr about a damaged chunk or record: file, chunk, offset, record id, reason. */
export function formatIssue(i: ParseIssue): string {
  const where = [
    i.chunk === undefined ? undefined : `chunk ${i.chunk}`,
    i.offset === undefined ? undefined : `offset ${i.offset} (0x${i.offset.toString(16)})`,
    i.record === undefined ? undefined : `record ${i.record}`,
  ].filter(Boolean)
  return `${i.severity}: ${i.path}${where.length ? `: ${where.join(', ')}` : ''}: ${i.reason}`
}
