/** The one entry point: streams events through the rules and the code analyzers, then correlates and builds the timeline. */
import type {TriageEvent} from '../model/event.js'
import type {Finding, Incident} from '../model/finding.js'
import {severityRank} from '../model/finding.js'
import type {TimelineEntry} from '../model/result.js'
import {compareTimes} from '../model/time.js'
import {createAnalyzers} from './catalog.js'
import {correlate, type CorrelateOptions} from './correlate/incidents.js'
import {loadRules} from './engine/load.js'
import {runRules} from './engine/run.js'
import type {CompiledRule} from './engine/types.js'
import {buildTimeline, TimelineEvents, type TimelineOptions} from './timeline.js'
import type {ObserveContext} from './types.js'

export interface AnalyzeOptions {
  /** Compiled rules; default: the bundled rules (loadRules()). */
  rules?: readonly CompiledRule[]
  /** Timeline content: `all` keeps every event in memory for it; `relevant` (default) only events behind findings; `none` builds no timeline. */
  timeline?: 'all' | 'relevant' | 'none'
  since?: string
  until?: string
  /** Findings below this severity are dropped from the result (default: info, keep all). */
  minSeverity?: Finding['severity']
  correlation?: CorrelateOptions
  /** Keep the event objects on the timeline entries of events behind findings (for reports). */
  attachEvents?: boolean
  /** With `timeline: 'all'`: most events kept on the timeline; the rest are analysed but left off, with a warning. */
  maxTimelineEvents?: number
  signal?: AbortSignal
}

export interface AnalyzeResult {
  findings: Finding[]
  incidents: Incident[]
  timeline: TimelineEntry[]
  /** Problems of the analysis itself (state caps reached). */
  warnings: string[]
  /** Events seen. */
  events: number
}

/** Timeline events kept in memory by default (about 1 KB each, so about 200 MB). */
export const DEFAULT_MAX_TIMELINE_EVENTS = 200_000

function isAsync<T>(x: Iterable<T> | AsyncIterable<T>): x is AsyncIterable<T> {
  return typeof (x as AsyncIterable<T>)[Symbol.asyncIterator] === 'function'
}

export async function analyze(events: Iterable<TriageEvent> | AsyncIterable<TriageEvent>, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const rules = opts.rules ?? loadRules()
  const analyzers = createAnalyzers()
  const warnings: string[] = []
  const findings: Finding[] = []
  const keepAll = opts.timeline === 'all'
  const kept = new TimelineEvents(opts.maxTimelineEvents ?? DEFAULT_MAX_TIMELINE_EVENTS)
  let count = 0
  const warn = (m: string): void => {
    if (!warnings.includes(m)) warnings.push(m)
  }
  const step = (e: TriageEvent): void => {
    count++
    if (keepAll) kept.add(e)
    const hits = runRules(rules, e)
    findings.push(...hits.findings)
    const ctx: ObserveContext = {signals: hits.signals, warn}
    for (const a of analyzers) {
      const out = a.observe(e, ctx)
      if (out) findings.push(...out)
    }
  }
  if (isAsync(events)) {
    for await (const e of events) {
      if (opts.signal?.aborted) break
      step(e)
    }
  } else {
    for (const e of events) {
      if (opts.signal?.aborted) break
      step(e)
    }
  }
  const ctx: ObserveContext = {signals: new Set(), warn}
  for (const a of analyzers) findings.push(...a.finish(ctx))

  const unique = new Map<string, Finding>()
  for (const f of findings) if (!unique.has(f.id)) unique.set(f.id, f)
  const min = severityRank(opts.minSeverity ?? 'info')
  const sorted = [...unique.values()]
    .filter(f => severityRank(f.severity) >= min)
    .sort((a, b) => compareTimes(a.time, b.time) || severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id))
  const incidents = correlate(sorted, opts.correlation)
  const timelineOpts: TimelineOptions = {includeEvents: keepAll ? 'all' : 'relevant'}
  if (opts.since) timelineOpts.since = opts.since
  if (opts.until) timelineOpts.until = opts.until
  if (opts.attachEvents) timelineOpts.attachEvents = true
  const timeline = opts.timeline === 'none' ? [] : buildTimeline(kept, sorted, timelineOpts)
  if (kept.dropped > 0) {
    warn(`The timeline holds the first ${kept.max} events; ${kept.dropped} more were analysed but left off it (bitstrail timeline exports them all).`)
  }
  return {findings: sorted, incidents, timeline, warnings, events: count}
}
