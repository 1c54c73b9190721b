import {eventEntry, sourceKey} from '../analyzers/index.js'
import type {Finding} from '../model/finding.js'
import type {TimelineEntry, TriageResult} from '../model/result.js'
import {timeSortKey} from '../model/time.js'
import {type EvidenceOptions, openEvidence} from './triage.js'

/**
 * Every event of the evidence as timeline entries, read again from the files and marked with the findings of an
 * earlier triage: memory stays flat whatever the number of events, at the price of evidence order instead of time order.
 */
export async function* streamTimeline(
  result: TriageResult,
  opts: EvidenceOptions & {since?: string; until?: string},
): AsyncGenerator<TimelineEntry> {
  const marks = new Map<string, Finding[]>()
  for (const f of result.findings) for (const e of f.events ?? []) marks.set(sourceKey(e), [...(marks.get(sourceKey(e)) ?? []), f])
  const since = opts.since ? timeSortKey(opts.since) : undefined
  const until = opts.until ? timeSortKey(opts.until) : undefined
  const inWindow = (time: string | undefined): boolean => {
    if (!since && !until) return true
    const k = timeSortKey(time)
    return Boolean(time) && (!since || k >= since) && (!until || k <= until)
  }
  const evidence = await openEvidence(opts)
  try {
    for await (const e of evidence.events) if (inWindow(e.time)) yield eventEntry(e, marks.get(sourceKey(e)), false)
  } finally {
    await evidence.close()
  }
  for (const entry of result.timeline) if (entry.kind === 'finding') yield entry
}
