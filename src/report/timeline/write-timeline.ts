import {once} from 'node:events'
import type {Finding} from '../../model/finding.js'
import type {TimelineEntry} from '../../model/result.js'
import {UsageError} from '../../model/errors.js'
import {canonical} from '../json-result.js'
import {csvHeader, csvRow} from './csv.js'
import {ecsDocument} from './ecs.js'
import {findingIndex, isTriageResult, timelineEntries, type TimelineInput} from './input.js'
import {timesketchDocument} from './timesketch.js'

export const TIMELINE_FORMATS = ['csv', 'jsonl', 'timesketch', 'ecs'] as const
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number]

export interface TimelineExportOptions {
  /** Findings used for rule names and techniques when the input is not a whole triage result. */
  findings?: readonly Finding[]
  /** CSV only: render times in this IANA zone (or offset) instead of UTC. */
  timeZone?: string
  /** CSV only: start with a UTF-8 byte-order mark so spreadsheet programs read UTF-8 (default true). */
  bom?: boolean
  /** ECS only: write a `_bulk` action line `{"index":{"_index":NAME}}` before each document. */
  index?: string
}

export interface TimelineExportStats {
  written: number
  /** Entries left out: Timesketch cannot place entries without a time. */
  skipped: number
}

/** Writes a timeline export to `out` entry by entry, honouring back-pressure. */
export async function writeTimeline(input: TimelineInput, format: TimelineFormat, out: NodeJS.WritableStream, options: TimelineExportOptions = {}): Promise<TimelineExportStats> {
  if (!TIMELINE_FORMATS.includes(format)) throw new UsageError(`unknown timeline format "${String(format)}" (use ${TIMELINE_FORMATS.join(', ')})`)
  if (options.index !== undefined && !/^[^\s"\\/*?<>|,#:A-Z_+-][^\s"\\/*?<>|,#:A-Z]*$/.test(options.index)) {
    throw new UsageError(`invalid index name "${options.index}" (lower case, no spaces or \\ / * ? " < > | , # :, not starting with _ - +)`)
  }
  const findings = findingIndex(isTriageResult(input) ? input.findings : options.findings ?? [])
  const action = options.index !== undefined ? `${JSON.stringify({index: {_index: options.index}})}\n` : ''
  const stats: TimelineExportStats = {written: 0, skipped: 0}
  let buffer = ''
  const emit = async (text: string): Promise<void> => {
    buffer += text
    if (buffer.length >= 1 << 15) {
      const chunk = buffer
      buffer = ''
      if (!out.write(chunk)) await once(out, 'drain')
    }
  }
  const line = (entry: TimelineEntry): string | undefined => {
    switch (format) {
      case 'csv':
        return csvRow(entry, findings, options.timeZone === undefined ? {} : {timeZone: options.timeZone})
      case 'jsonl':
        return `${JSON.stringify(canonical(entry))}\n`
      case 'timesketch': {
        const doc = timesketchDocument(entry, findings)
        return doc ? `${JSON.stringify(doc)}\n` : undefined
      }
      case 'ecs':
        return `${action}${JSON.stringify(ecsDocument(entry, findings))}\n`
    }
  }
  if (format === 'csv') await emit(`${options.bom === false ? '' : '\uFEFF'}${csvHeader()}`)
  for await (const entry of timelineEntries(input)) {
    const text = line(entry)
    if (text === undefined) {
      stats.skipped++
      continue
    }
    stats.written++
    await emit(text)
  }
  if (buffer && !out.write(buffer)) await once(out, 'drain')
  return stats
}
