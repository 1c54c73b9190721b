/** Runs compiled rules over one event: findings for finding rules (one per group), signal ids for signal rules. */
import type {TriageEvent} from '../../model/event.js'
import type {Finding} from '../../model/finding.js'
import {severityRank} from '../../model/finding.js'
import {makeFinding} from '../findings.js'
import {fieldValue} from './fields.js'
import type {CompiledRule} from './types.js'

export interface RuleHits {
  findings: Finding[]
  /** Ids of the signal rules that matched. */
  signals: Set<string>
}

/** Fills `{field.path}` placeholders with the event's values ('?' when absent). */
export function renderTemplate(template: string, e: TriageEvent): string {
  return template.replace(/\{([^}]+)\}/g, (_, path: string) => fieldValue(e, path) ?? '?')
}

export function ruleFinding(rule: CompiledRule, e: TriageEvent, alsoMatched: string[] = []): Finding {
  const spec = rule.spec
  const fields: Record<string, string> = {}
  for (const f of spec.fields) {
    const v = fieldValue(e, f)
    if (v !== undefined && v !== '') fields[f] = v
  }
  if (alsoMatched.length) fields.alsoMatched = alsoMatched.join(', ')
  return makeFinding({
    rule: spec.id,
    title: spec.title,
    severity: spec.severity,
    techniques: spec.techniques,
    summary: spec.summary ? renderTemplate(spec.summary, e) : spec.title,
    events: [e],
    fields,
  })
}

export function runRules(rules: readonly CompiledRule[], e: TriageEvent): RuleHits {
  const hits: RuleHits = {findings: [], signals: new Set()}
  const byGroup = new Map<string, CompiledRule[]>()
  const loose: CompiledRule[] = []
  for (const rule of rules) {
    if (!rule.inScope(e) || !rule.matches(e)) continue
    if (rule.spec.role === 'signal') {
      hits.signals.add(rule.spec.id)
      continue
    }
    const g = rule.spec.group
    if (!g) loose.push(rule)
    else byGroup.set(g, [...(byGroup.get(g) ?? []), rule])
  }
  for (const rule of loose) hits.findings.push(ruleFinding(rule, e))
  for (const group of byGroup.values()) {
    let best = group[0]!
    for (const r of group) if (severityRank(r.spec.severity) > severityRank(best.spec.severity)) best = r
    hits.findings.push(ruleFinding(best, e, group.filter(r => r !== best).map(r => r.spec.id)))
  }
  return hits
}
