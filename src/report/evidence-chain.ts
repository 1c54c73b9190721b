import type {TriageEvent} from '../model/event.js'
import type {EvidenceRef, Finding, Incident, Severity} from '../model/finding.js'
import {compareTimes} from '../model/time.js'

/** Where a finding sits in a BITS persistence chain: job created → transfer → notify launch → payload → autostart. */
export type ChainStage = 'job-created' | 'transfer' | 'notify-launch' | 'payload' | 'autostart' | 'other'

export type AutostartKind = 'run-value' | 'task' | 'service' | 'startup' | 'registry'

export interface ChainStep {
  stage: ChainStage
  autostart?: AutostartKind
  findingId: string
  rule: string
  title: string
  severity: Severity
  time?: string
  summary: string
  evidence: EvidenceRef[]
}

const RUN_KEY = /\\(Run|RunOnce|RunOnceEx|RunServices|RunServicesOnce)$/i
const BITS_TRANSFER_IDS = new Set([4, 59, 60, 61, 16403])
const BITS_NOTIFY_IDS = new Set([63, 64])

function basename(path: string | undefined): string {
  return (path ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? ''
}

function stageOfEvent(e: TriageEvent): {stage: ChainStage; autostart?: AutostartKind} | undefined {
  switch (e.category) {
    case 'process': {
      if (basename(e.process?.parentImage) === 'svchost.exe') return {stage: 'notify-launch'}
      const cmd = e.process?.commandLine ?? ''
      if (basename(e.process?.image) === 'bitsadmin.exe' || /\bbitsadmin(\.exe)?\b/i.test(cmd)) {
        return /\/transfer\b/i.test(cmd) ? {stage: 'transfer'} : {stage: 'job-created'}
      }
      if (/\b(Start-BitsTransfer)\b/i.test(cmd)) return {stage: 'transfer'}
      return {stage: 'payload'}
    }
    case 'bits': {
      if (e.eventId !== undefined && BITS_NOTIFY_IDS.has(e.eventId)) return {stage: 'notify-launch'}
      if (e.eventId !== undefined && BITS_TRANSFER_IDS.has(e.eventId)) return {stage: 'transfer'}
      if (/transfer|complet/i.test(e.action)) return {stage: 'transfer'}
      return {stage: 'job-created'}
    }
    case 'registry': {
      const key = e.registry?.key ?? ''
      if (RUN_KEY.test(key)) return {stage: 'autostart', autostart: 'run-value'}
      if (/\\Services\\/i.test(key)) return {stage: 'autostart', autostart: 'service'}
      return {stage: 'autostart', autostart: 'registry'}
    }
    case 'task':
      return {stage: 'autostart', autostart: 'task'}
    case 'service':
      return {stage: 'autostart', autostart: 'service'}
    case 'file':
      if (/\\Start Menu\\Programs\\Startup\\/i.test(e.file?.path ?? '')) return {stage: 'autostart', autostart: 'startup'}
      return {stage: 'payload'}
    default:
      return undefined
  }
}

function stageOfText(text: string): {stage: ChainStage; autostart?: AutostartKind} {
  if (/notify.?(launch|child|exec|start)|svchost/i.test(text)) return {stage: 'notify-launch'}
  if (/run.?(key|value)|autorun/i.test(text)) return {stage: 'autostart', autostart: 'run-value'}
  if (/task|schtask/i.test(text)) return {stage: 'autostart', autostart: 'task'}
  if (/service/i.test(text)) return {stage: 'autostart', autostart: 'service'}
  if (/startup/i.test(text)) return {stage: 'autostart', autostart: 'startup'}
  if (/transfer|download/i.test(text)) return {stage: 'transfer'}
  if (/job|notify|bitsadmin/i.test(text)) return {stage: 'job-created'}
  if (/payload|dropped|writable|file/i.test(text)) return {stage: 'payload'}
  return {stage: 'other'}
}

const EVENT_STAGE_PRIORITY: ChainStage[] = ['notify-launch', 'autostart', 'transfer', 'job-created', 'payload']

/** Classifies a finding by the events behind it, falling back to its rule id and title. */
export function classifyFinding(f: Finding): {stage: ChainStage; autostart?: AutostartKind} {
  const found = (f.events ?? []).map(stageOfEvent).filter(s => s !== undefined)
  for (const stage of EVENT_STAGE_PRIORITY) {
    const hit = found.find(s => s.stage === stage)
    if (hit) return hit
  }
  return stageOfText(`${f.rule} ${f.title}`)
}

/** The incident's findings in time order (findings without a time last), each with its stage. */
export function evidenceChain(incident: Incident, findingsById: ReadonlyMap<string, Finding>): ChainStep[] {
  const steps: ChainStep[] = []
  for (const id of incident.findings) {
    const f = findingsById.get(id)
    if (!f) continue
    const cls = classifyFinding(f)
    const step: ChainStep = {
      stage: cls.stage,
      findingId: f.id,
      rule: f.rule,
      title: f.title,
      severity: f.severity,
      summary: f.summary,
      evidence: f.evidence,
    }
    if (cls.autostart) step.autostart = cls.autostart
    if (f.time) step.time = f.time
    steps.push(step)
  }
  return steps.sort((a, b) => {
    if (!a.time !== !b.time) return a.time ? -1 : 1
    return compareTimes(a.time, b.time)
  })
}
