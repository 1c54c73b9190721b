import type {Finding} from '../../model/finding.js'
import type {TimelineEntry, TriageResult} from '../../model/result.js'

/** What a timeline export reads: a whole triage result, or entries streamed from elsewhere. */
export type TimelineInput = TriageResult | Iterable<TimelineEntry> | AsyncIterable<TimelineEntry>

export function isTriageResult(input: TimelineInput): input is TriageResult {
  return typeof input === 'object' && input !== null && 'timeline' in input && 'schemaVersion' in input
}

export async function* timelineEntries(input: TimelineInput): AsyncGenerator<TimelineEntry> {
  if (isTriageResult(input)) {
    yield* input.timeline
    return
  }
  yield* input
}

/** Finding facts the exports add to entries that name findings. */
export interface FindingInfo {
  rule: string
  title: string
  severity: string
  techniques: string[]
}

export function findingIndex(findings: readonly Finding[]): Map<string, FindingInfo> {
  return new Map(findings.map(f => [f.id, {rule: f.rule, title: f.title, severity: f.severity, techniques: f.techniques}]))
}

/** The findings an entry names, in order, known ones only. */
export function entryFindings(entry: TimelineEntry, index: ReadonlyMap<string, FindingInfo>): Array<FindingInfo & {id: string}> {
  const out: Array<FindingInfo & {id: string}> = []
  for (const id of entry.findings ?? []) {
    const info = index.get(id)
    if (info) out.push({id, ...info})
  }
  return out
}

export function unique<T>(list: Iterable<T>): T[] {
  return [...new Set(list)]
}

/** `2024-03-12T09:14:03.4123456Z` → microseconds since 1970 (fraction beyond µs truncated). */
export function isoToMicros(iso: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso)
  if (!m) return undefined
  const seconds = Date.parse(`${m[1]}Z`)
  if (Number.isNaN(seconds)) return undefined
  return seconds * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6))
}

/** Splits `DOMAIN\\name` as timeline entries carry users. */
export function splitUser(user: string): {name: string; domain?: string} {
  const i = user.indexOf('\\')
  return i > 0 ? {domain: user.slice(0, i), name: user.slice(i + 1)} : {name: user}
}
