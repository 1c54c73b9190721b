import type {DiscoveredArtefact} from '../discovery/index.js'
import type {ArtefactKind, TriageEvent} from '../model/event.js'
import type {ParseIssue} from '../model/issue.js'
import type {InputSummary} from '../model/result.js'
import type {SourceZone} from '../model/time.js'
import type {ParserSet} from '../parsers/registry.js'
import type {ProgressReporter} from '../cli/progress.js'

/** Kinds whose files must be read first: they can tell the evidence host's time zone. */
const ZONE_SOURCES: ArtefactKind[] = ['reg', 'regf']
/** Per-file cap on issues kept in the result; the count beyond it is still reported. */
const MAX_ISSUES_PER_FILE = 1000

export interface ParseInputsOptions {
  parsers: ParserSet
  /** The zone for zone-less times, asked again for each file (zone sources are read first and may set it). */
  zone: () => SourceZone
  /** Sees every event before it is passed on (e.g. to learn the host's time zone). */
  observe?: (event: TriageEvent) => void
  progress?: ProgressReporter
  signal?: AbortSignal
}

/**
 * Streams the events of every artefact, zone sources first, and fills one InputSummary per file.
 * The summaries are complete once the iteration has finished.
 */
export function parseInputs(
  artefacts: DiscoveredArtefact[],
  summaries: InputSummary[],
  opts: ParseInputsOptions,
): AsyncIterable<TriageEvent> {
  const ordered = [...artefacts].sort((a, b) => zoneRank(a) - zoneRank(b))
  return (async function* () {
    for (const artefact of ordered) {
      const shownPath = artefact.displayPath ?? artefact.path
      const summary: InputSummary = {
        path: shownPath,
        kind: artefact.identification.kind,
        size: artefact.size,
        records: 0,
        errors: [],
      }
      summaries.push(summary)
      const kind = artefact.identification.kind
      if (kind === 'unknown') {
        summary.skipped = artefact.identification.reason
        continue
      }
      const parser = opts.parsers(kind)
      if (!parser) {
        summary.skipped = kind === 'regf' ? 'raw registry hives are not parsed yet: export the keys with reg export' : `no parser for ${kind} files`
        continue
      }
      opts.progress?.startFile(shownPath)
      let dropped = 0
      const report = (issue: Omit<ParseIssue, 'path'>): void => {
        if (summary.errors.length < MAX_ISSUES_PER_FILE) summary.errors.push({path: shownPath, ...issue})
        else dropped++
      }
      const ctx = {
        path: shownPath,
        zone: opts.zone(),
        issue: report,
        countRecords: (n = 1) => {
          summary.records += n
        },
        progress: (bytes: number) => opts.progress?.fileBytes(bytes),
        ...(opts.signal ? {signal: opts.signal} : {}),
      }
      try {
        for await (const event of parser.parse(artefact.path, ctx)) {
          opts.observe?.(event)
          yield event
        }
      } catch (error) {
        report({severity: 'error', reason: `parsing stopped: ${error instanceof Error ? error.message : String(error)}`})
      }
      if (dropped > 0) {
        summary.errors.push({path: shownPath, severity: 'warning', reason: `${dropped} further issues not listed`})
      }
      opts.progress?.finishFile(artefact.size)
    }
  })()
}

function zoneRank(a: DiscoveredArtefact): number {
  return ZONE_SOURCES.includes(a.identification.kind as ArtefactKind) ? 0 : 1
}
