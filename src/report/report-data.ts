import type {EvidenceRef, Finding, Incident, IncidentLink, Severity} from '../model/finding.js'
import {SEVERITIES, severityRank} from '../model/finding.js'
import type {ParseIssue} from '../model/issue.js'
import type {TriageResult} from '../model/result.js'
import {compareTimes} from '../model/time.js'
import {buildArtefactPanels, type ArtefactPanel} from './artefacts.js'
import {attackUrl} from './escape.js'
import {citeSource} from './event-fields.js'
import {evidenceChain, type ChainStep} from './evidence-chain.js'
import {renderStep} from '../analyzers/correlate/step-texts.js'
import type {ReportLang} from './assets.js'

/** Everything the HTML page shows except the timeline rows; sent as one JSON block. */
export interface ReportData {
  meta: {
    tool: string
    version: string
    schemaVersion: string
    generatedAt: string
    lang: string
    sourceTimeZone: {name: string; basis: string}
    warnings: string[]
  }
  counts: {
    inputs: number
    parsed: number
    skipped: number
    records: number
    parseErrors: number
    parseWarnings: number
    timeline: number
    findings: number
    incidents: number
    bySeverity: Record<Severity, number>
  }
  inputs: Array<{path: string; kind: string; size: number; records: number; errors: number; warnings: number; skipped?: string}>
  /** Parse problems, capped at `issueLimit`; `issuesOmitted` counts the rest. */
  issues: Array<ParseIssue & {where: string}>
  issuesOmitted: number
  incidents: Array<{
    id: string
    title: string
    severity: Severity
    techniques: Technique[]
    findings: string[]
    chain: ChainStep[]
    links: IncidentLink[]
    start?: string
    end?: string
    host?: string
    users: string[]
    nextSteps: string[]
  }>
  findings: Array<{
    id: string
    rule: string
    title: string
    severity: Severity
    techniques: Technique[]
    time?: string
    host?: string
    user?: string
    summary: string
    evidence: string[]
    fields: Array<[string, string]>
    incidents: string[]
  }>
  artefacts: ArtefactPanel[]
}

export interface Technique {
  id: string
  url?: string
}

function techniques(list: readonly string[]): Technique[] {
  return list.map(id => {
    const url = attackUrl(id)
    return url ? {id, url} : {id}
  })
}

function issueWhere(i: ParseIssue): string {
  const parts: string[] = []
  if (i.offset !== undefined) parts.push(`offset ${i.offset}`)
  if (i.line !== undefined) parts.push(`line ${i.line}`)
  if (i.chunk !== undefined) parts.push(`chunk ${i.chunk}`)
  if (i.record !== undefined) parts.push(`record ${i.record}`)
  return parts.join(', ')
}

function evidenceText(e: EvidenceRef): string {
  return `${citeSource(e)} (${e.kind})`
}

export function buildReportData(result: TriageResult, options: {lang: ReportLang; issueLimit?: number}): ReportData {
  const issueLimit = options.issueLimit ?? 500
  const bySeverity = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<Severity, number>
  for (const f of result.findings) bySeverity[f.severity]++

  const issues: ReportData['issues'] = []
  let issueTotal = 0
  let parseErrors = 0
  let parseWarnings = 0
  for (const input of result.inputs) {
    for (const issue of input.errors) {
      issueTotal++
      if (issue.severity === 'error') parseErrors++
      else parseWarnings++
      if (issues.length < issueLimit) issues.push({...issue, where: issueWhere(issue)})
    }
  }

  const findingsById = new Map<string, Finding>(result.findings.map(f => [f.id, f]))
  const incidentsOf = new Map<string, string[]>()
  for (const inc of result.incidents) {
    for (const id of inc.findings) incidentsOf.set(id, [...(incidentsOf.get(id) ?? []), inc.id])
  }

  const incidents = [...result.incidents]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareTimes(a.start, b.start))
    .map((inc: Incident) => {
      const out: ReportData['incidents'][number] = {
        id: inc.id,
        title: inc.title,
        severity: inc.severity,
        techniques: techniques(inc.techniques),
        findings: inc.findings,
        chain: evidenceChain(inc, findingsById),
        links: inc.links,
        users: inc.users ?? [],
        nextSteps: options.lang === 'en' || !inc.playbook?.length ? inc.nextSteps : inc.playbook.map(step => renderStep(step, options.lang)),
      }
      if (inc.start) out.start = inc.start
      if (inc.end) out.end = inc.end
      if (inc.host) out.host = inc.host
      return out
    })

  const findings = [...result.findings]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareTimes(a.time, b.time))
    .map(f => {
      const out: ReportData['findings'][number] = {
        id: f.id,
        rule: f.rule,
        title: f.title,
        severity: f.severity,
        techniques: techniques(f.techniques),
        summary: f.summary,
        evidence: f.evidence.map(evidenceText),
        fields: Object.entries(f.fields ?? {}),
        incidents: incidentsOf.get(f.id) ?? [],
      }
      if (f.time) out.time = f.time
      if (f.host) out.host = f.host
      if (f.user) out.user = f.user
      return out
    })

  return {
    meta: {
      tool: result.tool.name,
      version: result.tool.version,
      schemaVersion: result.schemaVersion,
      generatedAt: result.generatedAt,
      lang: options.lang,
      sourceTimeZone: result.sourceTimeZone,
      warnings: result.warnings,
    },
    counts: {
      inputs: result.inputs.length,
      parsed: result.inputs.filter(i => i.skipped === undefined).length,
      skipped: result.inputs.filter(i => i.skipped !== undefined).length,
      records: result.inputs.reduce((n, i) => n + i.records, 0),
      parseErrors,
      parseWarnings,
      timeline: result.timeline.length,
      findings: result.findings.length,
      incidents: result.incidents.length,
      bySeverity,
    },
    inputs: result.inputs.map(i => {
      const out: ReportData['inputs'][number] = {
        path: i.path,
        kind: i.kind,
        size: i.size,
        records: i.records,
        errors: i.errors.filter(e => e.severity === 'error').length,
        warnings: i.errors.filter(e => e.severity === 'warning').length,
      }
      if (i.skipped !== undefined) out.skipped = i.skipped
      return out
    }),
    issues,
    issuesOmitted: issueTotal - issues.length,
    incidents,
    findings,
    artefacts: buildArtefactPanels(result),
  }
}
