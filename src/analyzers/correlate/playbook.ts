/** The responder's next steps for one incident, written from its own indicators. */
import type {Finding, Indicators, PlaybookStep, PlaybookStepKey} from '../../model/finding.js'
import {isSystemPath} from '../text/paths.js'
import {isInteractiveUser} from '../text/users.js'
import {isRunKey, isWinlogonKey} from '../autostart/classify.js'

const MAX_ITEMS = 10

function list(values: string[], max = MAX_ITEMS): string {
  const shown = values.slice(0, max)
  return shown.join(', ') + (values.length > max ? ` (+${values.length - max} more)` : '')
}

/** Original spelling of an indicator value, found back in the findings' fields and events. */
function original(findings: Finding[], lower: string): string {
  for (const f of findings) {
    for (const v of Object.values(f.fields ?? {})) {
      const i = v.toLowerCase().indexOf(lower)
      if (i >= 0) return v.slice(i, i + lower.length)
    }
  }
  return lower
}

export function nextSteps(findings: Finding[], ind: Indicators, techniques: string[]): PlaybookStep[] {
  const steps: PlaybookStep[] = []
  const step = (key: PlaybookStepKey, values: Record<string, string> = {}): void => {
    steps.push({step: key, values})
  }
  const hosts = [...new Set(findings.map(f => f.host).filter((h): h is string => !!h))]
  const on = hosts.length ? {hosts: list(hosts)} : {}
  const bits = techniques.includes('T1197')
  const jobs = new Map<string, string>()
  if (bits) {
    step('list-jobs', on)
    for (const f of findings) {
      const id = f.fields?.['bits.id']
      if (id) jobs.set(id.toLowerCase(), f.fields?.['bits.title'] ?? '')
    }
    for (const id of ind.jobIds ?? []) if (!jobs.has(id)) jobs.set(id, '')
    for (const [id, title] of [...jobs].slice(0, MAX_ITEMS)) step('cancel-job', {id: id.toUpperCase(), ...(title ? {title} : {})})
    const titled = (ind.jobTitles ?? []).filter(t => ![...jobs.values()].some(v => v.toLowerCase() === t))
    for (const t of titled.slice(0, MAX_ITEMS)) step('cancel-job-by-title', {title: original(findings, t)})
  }
  if (bits && jobs.size === 0) {
    for (const f of findings.filter(x => x.rule === 'bits-notify-launch').slice(0, MAX_ITEMS)) {
      const command = f.fields?.['process.commandLine']
      step('cancel-job-by-notify', {image: f.fields?.['process.image'] ?? '', ...(command ? {command} : {}), ...(f.user ? {user: f.user} : {})})
    }
  }
  const files = (ind.paths ?? []).filter(p => !isSystemPath(p) && !/^\\\\\.\\pipe\\/.test(p))
  if (files.length) step('collect-files', {...on, files: list(files.map(p => original(findings, p)))})
  for (const k of (ind.registryKeys ?? []).slice(0, MAX_ITEMS)) {
    const i = k.lastIndexOf('\\')
    const key = original(findings, i > 0 ? k.slice(0, i) : k)
    const value = i > 0 ? original(findings, k.slice(i + 1)) : ''
    if (isWinlogonKey(key)) step('restore-winlogon', {key, value})
    else if (isRunKey(key)) step('delete-run-value', {key, ...(value ? {value} : {})})
  }
  for (const t of (ind.tasks ?? []).slice(0, MAX_ITEMS)) step('delete-task', {task: original(findings, t)})
  for (const s of (ind.services ?? []).slice(0, MAX_ITEMS)) step('delete-service', {service: original(findings, s)})
  const hashes = new Set<string>()
  for (const f of findings) for (const e of f.events ?? []) {
    const m = /SHA256=([0-9A-F]{64})/i.exec(e.process?.hashes ?? e.file?.hashes ?? '')
    if (m && !isSystemPath(e.process?.image ?? e.file?.path)) hashes.add(m[1]!.toUpperCase())
  }
  const block = [
    ...(ind.urls ?? []).map(u => `URL ${original(findings, u)}`),
    ...(ind.domains ?? []).map(d => `domain ${d}`),
    ...(ind.ips ?? []).map(i => `IP ${i}`),
    ...[...hashes].map(h => `SHA-256 ${h}`),
  ]
  if (block.length) step('block', {indicators: list(block, 15)})
  if (bits) step('restrict-bits')
  const users = [...new Set(findings.map(f => f.user).filter((u): u is string => !!u && isInteractiveUser(u)))]
  if (users.length) step('review-accounts', {users: list(users)})
  step('inform', on)
  return steps
}
