/** Code analyzers: detections that need state across events, beside the stateless rule engine. */
import type {TriageEvent} from '../model/event.js'
import type {Finding, Severity} from '../model/finding.js'

export interface ObserveContext {
  /** Ids of the signal rules that matched this event. */
  signals: ReadonlySet<string>
  /** Records a problem (e.g. a state cap reached) for the result's warnings. */
  warn(message: string): void
}

export interface Analyzer {
  readonly id: string
  /** Sees every event once, in input order; may return findings at once. */
  observe(event: TriageEvent, ctx: ObserveContext): Finding[] | void
  /** Called once after the last event: findings that needed the whole input. */
  finish(ctx: ObserveContext): Finding[]
}

/** How a code analyzer shows up in `bitstrail rules`. */
export interface AnalyzerInfo {
  id: string
  title: string
  description: string
  techniques: string[]
  /** Highest severity it reports. */
  severity: Severity
  appliesTo: string
}
