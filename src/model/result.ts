import type {ArtefactKind, TriageEvent} from './event.js'
import type {Finding, Incident} from './finding.js'
import type {ParseIssue} from './issue.js'

export const SCHEMA_VERSION = '1.0.0'

export interface InputSummary {
  path: string
  kind: ArtefactKind | 'unknown'
  size: number
  /** Events for logs and exports, jobs for bitsadmin output, values for `.reg`, tasks for task XML. */
  records: number
  errors: ParseIssue[]
  /** Why the file was not parsed, when it was not. */
  skipped?: string
}

export interface TimelineEntry {
  time?: string
  kind: 'event' | 'finding'
  category: string
  action: string
  host?: string
  user?: string
  summary: string
  source: {path: string; kind: ArtefactKind; record?: number; line?: number; key?: string}
  eventId?: number
  severity?: string
  findings?: string[]
  event?: TriageEvent
}

export interface TriageResult {
  schemaVersion: string
  tool: {name: 'bitstrail'; version: string}
  generatedAt: string
  sourceTimeZone: {name: string; basis: 'evidence' | 'source-tz' | 'assumed-utc'}
  warnings: string[]
  inputs: InputSummary[]
  findings: Finding[]
  incidents: Incident[]
  timeline: TimelineEntry[]
}
