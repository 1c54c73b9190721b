import type {SourceRef, TriageEvent} from './event.js'

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s)
}

export function maxSeverity(list: Iterable<Severity>): Severity {
  let best: Severity = 'info'
  for (const s of list) if (severityRank(s) > severityRank(best)) best = s
  return best
}

/** Where a finding's evidence is: the source reference of the event behind it. */
export type EvidenceRef = SourceRef

/** Values an incident can be linked on; each list holds normalised (lower-case) strings. */
export interface Indicators {
  jobIds?: string[]
  jobTitles?: string[]
  urls?: string[]
  paths?: string[]
  commandLines?: string[]
  users?: string[]
  sids?: string[]
  hosts?: string[]
  ips?: string[]
  domains?: string[]
  registryKeys?: string[]
  tasks?: string[]
  services?: string[]
}

export interface Finding {
  id: string
  rule: string
  title: string
  severity: Severity
  techniques: string[]
  time?: string
  host?: string
  user?: string
  summary: string
  evidence: EvidenceRef[]
  indicators: Indicators
  /** Fields the rule chose to show, name → value. */
  fields?: Record<string, string>
  /** The events behind the finding (not serialised into the JSON result; reporters may use them). */
  events?: TriageEvent[]
}

export interface IncidentLink {
  from: string
  to: string
  /** What the two findings share: `job-id`, `path`, `url`, `user`, `host+time`, ... */
  reason: string
  value: string
}

export type PlaybookStepKey =
  | 'list-jobs'
  | 'cancel-job'
  | 'cancel-job-by-title'
  | 'cancel-job-by-notify'
  | 'collect-files'
  | 'restore-winlogon'
  | 'delete-run-value'
  | 'delete-task'
  | 'delete-service'
  | 'block'
  | 'restrict-bits'
  | 'review-accounts'
  | 'inform'

/** One next step of the playbook, as data, so each report language can word it. */
export interface PlaybookStep {
  step: PlaybookStepKey
  values: Record<string, string>
}

export interface Incident {
  id: string
  title: string
  severity: Severity
  techniques: string[]
  findings: string[]
  links: IncidentLink[]
  start?: string
  end?: string
  host?: string
  users?: string[]
  /** The next steps in English. */
  nextSteps: string[]
  /** The same steps as data, for reports in other languages. */
  playbook: PlaybookStep[]
}
