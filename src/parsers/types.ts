import type {ArtefactKind, TriageEvent} from '../model/event.js'
import type {ParseIssue} from '../model/issue.js'
import type {SourceZone} from '../model/time.js'

/** What a parser is given besides the file: where to report problems and how to read zone-less times. */
export interface ParseContext {
  /** Path as shown in reports and evidence references. */
  path: string
  /** Zone for times that carry none in the source (bitsadmin listings, Kibana CSV). */
  zone: SourceZone
  /** Reports a damaged record, line or structure; parsing goes on. */
  issue(issue: Omit<ParseIssue, 'path'>): void
  /** Counts what the file holds: events, jobs, values or tasks (see InputSummary.records). */
  countRecords(n?: number): void
  /** Bytes of the file consumed so far, for progress display. */
  progress?(bytesDone: number): void
  /** Lets a caller stop a long parse (e.g. on Ctrl-C or a limit). */
  signal?: AbortSignal
}

/** Turns one artefact file into normalised events, streaming. */
export interface ArtefactParser {
  kind: ArtefactKind
  parse(filePath: string, ctx: ParseContext): AsyncIterable<TriageEvent>
}
