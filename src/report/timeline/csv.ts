import type {TimelineEntry} from '../../model/result.js'
import {isoInZone} from '../../model/time.js'
import {entryFindings, type FindingInfo} from './input.js'

export const CSV_COLUMNS = [
  'time', 'kind', 'host', 'user', 'category', 'action', 'event_id', 'severity', 'summary',
  'source_kind', 'source_path', 'record', 'line', 'key', 'finding_ids', 'finding_rules',
] as const

/**
 * One CSV cell: formula-like text (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'` so spreadsheets
 * show it as text; then RFC 4180 quoting when the cell holds a quote, comma or line break.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return ''
  let s = String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`
}

export function csvRow(entry: TimelineEntry, findings: ReadonlyMap<string, FindingInfo>, options: {timeZone?: string} = {}): string {
  const known = entryFindings(entry, findings)
  const time = entry.time && options.timeZone ? isoInZone(entry.time, options.timeZone) : entry.time
  const cells = [
    time, entry.kind, entry.host, entry.user, entry.category, entry.action, entry.eventId, entry.severity, entry.summary,
    entry.source.kind, entry.source.path, entry.source.record, entry.source.line, entry.source.key,
    entry.findings?.join(';'), known.length ? [...new Set(known.map(f => f.rule))].join(';') : undefined,
  ]
  return `${cells.map(csvCell).join(',')}\r\n`
}
