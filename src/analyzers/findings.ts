/** Building findings with stable ids, evidence references and indicators. */
import {createHash} from 'node:crypto'
import type {TriageEvent} from '../model/event.js'
import type {EvidenceRef, Finding, Indicators, Severity} from '../model/finding.js'
import {compareTimes} from '../model/time.js'
import {IndicatorSet, eventIndicators} from './indicators.js'

export interface FindingInput {
  rule: string
  title: string
  severity: Severity
  techniques: string[]
  summary: string
  events: TriageEvent[]
  /** Extra text that tells findings of one rule apart when their evidence is the same (e.g. a job id). */
  discriminator?: string
  fields?: Record<string, string>
  indicators?: Indicators
  time?: string
  host?: string
  user?: string
}

export function evidenceOf(e: TriageEvent): EvidenceRef {
  const s = e.source
  const ref: EvidenceRef = {path: s.path, kind: s.kind}
  if (s.record !== undefined) ref.record = s.record
  if (s.line !== undefined) ref.line = s.line
  if (s.key !== undefined) ref.key = s.key
  if (s.offset !== undefined) ref.offset = s.offset
  return ref
}

function evidenceKey(r: EvidenceRef): string {
  return [r.path, r.kind, r.record ?? '', r.line ?? '', r.key ?? '', r.offset ?? ''].join('\u0001')
}

/** The account an event is about, as `DOMAIN\name`. */
export function eventUser(e: TriageEvent): string | undefined {
  if (e.process?.user) return e.process.user
  if (e.bits?.owner) return e.bits.owner
  if (e.user?.name) return e.user.domain ? `${e.user.domain}\\${e.user.name}` : e.user.name
  return e.user?.sid
}

/** A stable id: the same rule over the same evidence gives the same id in every run. */
export function findingId(rule: string, evidence: EvidenceRef[], discriminator = ''): string {
  const h = createHash('sha256')
  h.update(rule)
  h.update('\u0000')
  h.update(evidence.map(evidenceKey).sort().join('\u0002'))
  h.update('\u0000')
  h.update(discriminator)
  return `F-${h.digest('hex').slice(0, 16)}`
}

export function makeFinding(input: FindingInput): Finding {
  const events = [...input.events].sort((a, b) => compareTimes(a.time, b.time))
  const seen = new Set<string>()
  const evidence: EvidenceRef[] = []
  for (const e of events) {
    const ref = evidenceOf(e)
    const k = evidenceKey(ref)
    if (!seen.has(k)) {
      seen.add(k)
      evidence.push(ref)
    }
  }
  const ind = new IndicatorSet()
  for (const e of events) eventIndicators(e, ind)
  if (input.indicators) ind.merge(input.indicators)
  const first = events[0]
  const finding: Finding = {
    id: findingId(input.rule, evidence, input.discriminator),
    rule: input.rule,
    title: input.title,
    severity: input.severity,
    techniques: [...new Set(input.techniques)].sort(),
    summary: input.summary,
    evidence,
    indicators: ind.toIndicators(),
    events,
  }
  const time = input.time ?? first?.time
  if (time) finding.time = time
  const host = input.host ?? events.find(e => e.host)?.host
  if (host) finding.host = host
  const user = input.user ?? (first ? eventUser(first) : undefined)
  if (user) finding.user = user
  if (input.fields && Object.keys(input.fields).length) finding.fields = input.fields
  return finding
}

/** Raises or lowers a severity by steps, within info..critical. */
export function shiftSeverity(s: Severity, steps: number): Severity {
  const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical']
  const i = Math.max(0, Math.min(order.length - 1, order.indexOf(s) + steps))
  return order[i]!
}
