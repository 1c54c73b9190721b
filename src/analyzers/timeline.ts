/** One UTC time axis of events and findings, findings marked on their events. */
import type {TriageEvent} from '../model/event.js'
import type {Finding} from '../model/finding.js'
import type {TimelineEntry} from '../model/result.js'
import {timeSortKey} from '../model/time.js'
import {eventUser} from './findings.js'

export interface TimelineOptions {
  /** Inclusive lower bound (ISO-8601 UTC); entries without a time are dropped when a bound is set. */
  since?: string
  /** Inclusive upper bound. */
  until?: string
  /** `all`: every event given; `relevant` (default): only events behind findings. */
  includeEvents?: 'all' | 'relevant'
  /** Keep the event object on entries (for reports; not part of the JSON result). */
  attachEvents?: boolean
}

/** Identifies an event by its source record, so the same record parsed twice is one timeline entry. */
export function sourceKey(e: TriageEvent): string {
  const s = e.source
  return [s.path, s.kind, s.record ?? '', s.line ?? '', s.key ?? '', s.offset ?? '', e.eventId ?? '', e.time ?? ''].join('\u0001')
}

function sourceRef(e: TriageEvent): TimelineEntry['source'] {
  const s = e.source
  const ref: TimelineEntry['source'] = {path: s.path, kind: s.kind}
  if (s.record !== undefined) ref.record = s.record
  if (s.line !== undefined) ref.line = s.line
  if (s.key !== undefined) ref.key = s.key
  return ref
}

export function eventEntry(e: TriageEvent, marks: Finding[] | undefined, attach: boolean): TimelineEntry {
  const entry: TimelineEntry = {
    kind: 'event',
    category: e.category,
    action: e.action,
    summary: e.message ?? `${e.provider ?? e.category} ${e.action}`,
    source: sourceRef(e),
  }
  if (e.time) entry.time = e.time
  if (e.host) entry.host = e.host
  const user = eventUser(e)
  if (user) entry.user = user
  if (e.eventId !== undefined) entry.eventId = e.eventId
  if (marks?.length) {
    entry.findings = marks.map(f => f.id)
    entry.severity = marks.reduce((best, f) => (rank(f.severity) > rank(best) ? f.severity : best), marks[0]!.severity)
  }
  if (attach) entry.event = e
  return entry
}

const ORDER = ['info', 'low', 'medium', 'high', 'critical']
function rank(s: string): number {
  return ORDER.indexOf(s)
}

/** Compact timeline entries of the events seen, one per source record, up to `max` (memory stays bounded). */
export class TimelineEvents {
  readonly entries = new Map<string, TimelineEntry>()
  /** Events left off because the cap was reached. */
  dropped = 0
  constructor(readonly max = Number.POSITIVE_INFINITY) {}

  add(e: TriageEvent): void {
    const k = sourceKey(e)
    if (this.entries.has(k)) return
    if (this.entries.size >= this.max) {
      this.dropped++
      return
    }
    this.entries.set(k, eventEntry(e, undefined, false))
  }
}

/** Sorts entries without a time (registry values, undated tasks) after every timed one. */
const UNTIMED_LAST = '\uffff'

export function buildTimeline(events: Iterable<TriageEvent> | TimelineEvents, findings: readonly Finding[], opts: TimelineOptions = {}): TimelineEntry[] {
  const marks = new Map<string, Finding[]>()
  const relevant = new Map<string, TriageEvent>()
  for (const f of findings) {
    for (const e of f.events ?? []) {
      const k = sourceKey(e)
      marks.set(k, [...(marks.get(k) ?? []), f])
      relevant.set(k, e)
    }
  }
  let collected: TimelineEvents = new TimelineEvents()
  if ((opts.includeEvents ?? 'relevant') === 'all') {
    if (events instanceof TimelineEvents) collected = events
    else for (const e of events) collected.add(e)
  }
  const attach = opts.attachEvents ?? false
  const entries: TimelineEntry[] = []
  for (const [k, entry] of collected.entries) {
    const e = relevant.get(k)
    entries.push(e ? eventEntry(e, marks.get(k), attach) : entry)
  }
  for (const [k, e] of relevant) if (!collected.entries.has(k)) entries.push(eventEntry(e, marks.get(k), attach))
  for (const f of findings) {
    const first = f.events?.[0]
    const entry: TimelineEntry = {
      kind: 'finding',
      category: first?.category ?? 'other',
      action: f.rule,
      summary: `${f.title}: ${f.summary}`,
      source: first ? sourceRef(first) : {path: f.evidence[0]?.path ?? '', kind: f.evidence[0]?.kind ?? 'evtx'},
      severity: f.severity,
      findings: [f.id],
    }
    if (f.time) entry.time = f.time
    if (f.host) entry.host = f.host
    if (f.user) entry.user = f.user
    if (first?.eventId !== undefined) entry.eventId = first.eventId
    entries.push(entry)
  }
  const since = opts.since ? timeSortKey(opts.since) : undefined
  const until = opts.until ? timeSortKey(opts.until) : undefined
  const kept = since || until ? entries.filter(e => {
    if (!e.time) return false
    const k = timeSortKey(e.time)
    return (!since || k >= since) && (!until || k <= until)
  }) : entries
  return kept
    .map((e, i) => ({e, i, k: e.time ? timeSortKey(e.time) : UNTIMED_LAST}))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.e.kind !== b.e.kind ? (a.e.kind === 'event' ? -1 : 1) : a.i - b.i))
    .map(x => x.e)
}
