import type {TimelineEntry} from '../model/result.js'
import {SEVERITIES, type Severity} from '../model/finding.js'
import {eventFields, type FieldRow} from './event-fields.js'

/**
 * The timeline as the HTML page reads it: rows as compact arrays in chunks (so no single huge JSON string exists on
 * either side), repeated strings replaced by indexes into dictionaries sent once after the last chunk.
 *
 * Row layout: [time|null, kind (0 event, 1 finding), category, action, host, user, summary, sourcePath, sourceRef,
 * eventId|null, severity rank|-1, findingIds|0]; category..user and sourcePath are dictionary indexes, -1 = none.
 */
export type TimelineRow = [
  time: string | null,
  kind: 0 | 1,
  category: number,
  action: number,
  host: number,
  user: number,
  summary: string,
  sourcePath: number,
  sourceRef: string,
  eventId: number | null,
  severity: number,
  findings: string[] | 0,
]

export interface TimelineDictionaries {
  categories: string[]
  actions: string[]
  hosts: string[]
  users: string[]
  paths: string[]
  /** Row index → detail fields, for rows behind findings (capped). */
  details: Record<number, FieldRow[]>
  rows: number
}

class Dictionary {
  readonly values: string[] = []
  private readonly index = new Map<string, number>()
  id(value: string | undefined): number {
    if (value === undefined || value === '') return -1
    let i = this.index.get(value)
    if (i === undefined) {
      i = this.values.length
      this.values.push(value)
      this.index.set(value, i)
    }
    return i
  }
}

function sourceRef(s: TimelineEntry['source']): string {
  const parts: string[] = []
  if (s.record !== undefined) parts.push(`#${s.record}`)
  if (s.line !== undefined) parts.push(`line ${s.line}`)
  if (s.key !== undefined) parts.push(s.key)
  return parts.join(' ')
}

export interface TimelineEncoderOptions {
  /** Rows whose event fields are embedded for the detail view (rows behind findings first come first). */
  maxDetails?: number
}

/** Encodes timeline entries one at a time; `dictionaries()` after the last one. */
export class TimelineEncoder {
  private readonly categories = new Dictionary()
  private readonly actions = new Dictionary()
  private readonly hosts = new Dictionary()
  private readonly users = new Dictionary()
  private readonly paths = new Dictionary()
  private readonly details: Record<number, FieldRow[]> = {}
  private detailCount = 0
  private rows = 0
  private readonly maxDetails: number

  constructor(options: TimelineEncoderOptions = {}) {
    this.maxDetails = options.maxDetails ?? 20000
  }

  encode(e: TimelineEntry): TimelineRow {
    const row: TimelineRow = [
      e.time ?? null,
      e.kind === 'finding' ? 1 : 0,
      this.categories.id(e.category),
      this.actions.id(e.action),
      this.hosts.id(e.host),
      this.users.id(e.user),
      e.summary,
      this.paths.id(e.source.path),
      sourceRef(e.source),
      e.eventId ?? null,
      e.severity !== undefined && (SEVERITIES as readonly string[]).includes(e.severity) ? SEVERITIES.indexOf(e.severity as Severity) : -1,
      e.findings?.length ? e.findings : 0,
    ]
    if (e.event && (e.findings?.length || e.kind === 'finding') && this.detailCount < this.maxDetails) {
      this.details[this.rows] = eventFields(e.event)
      this.detailCount++
    }
    this.rows++
    return row
  }

  dictionaries(): TimelineDictionaries {
    return {
      categories: this.categories.values,
      actions: this.actions.values,
      hosts: this.hosts.values,
      users: this.users.values,
      paths: this.paths.values,
      details: this.details,
      rows: this.rows,
    }
  }
}
