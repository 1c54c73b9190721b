/**
 * Links findings into incidents: union-find over shared normalised indicators (job id, job title on a host, URL,
 * non-system path, command line, registry key, task, service), plus time proximity on one host (medium+ only)
 * and the same user on one host within a longer window (medium+ only).
 */
import {createHash} from 'node:crypto'
import type {Finding, Incident, IncidentLink, Indicators, Severity} from '../../model/finding.js'
import {maxSeverity, severityRank} from '../../model/finding.js'
import {compareTimes} from '../../model/time.js'
import {IndicatorSet} from '../indicators.js'
import {basename, isSystemPath} from '../text/paths.js'
import {isServiceAccount} from '../text/users.js'
import {nextSteps} from './playbook.js'
import {renderStep} from './step-texts.js'
import {UnionFind} from './union-find.js'

export interface CorrelateOptions {
  /** Findings of one host within this window are linked (both medium or above). Default 30 min. */
  windowMs?: number
  /** Findings of one user on one host within this window are linked (both medium or above). Default 2 h. */
  userWindowMs?: number
  /** Incidents are made of components reaching this severity. Default medium. */
  minSeverity?: Severity
}

type Scope = 'global' | 'host'
const LINK_KINDS: Array<[keyof Indicators, string, Scope]> = [
  ['jobIds', 'job-id', 'global'],
  ['jobTitles', 'job-title', 'host'],
  ['urls', 'url', 'global'],
  ['paths', 'path', 'global'],
  ['commandLines', 'command-line', 'host'],
  ['registryKeys', 'registry-key', 'host'],
  ['tasks', 'task', 'host'],
  ['services', 'service', 'host'],
]

function linkable(kind: keyof Indicators, value: string): boolean {
  if (kind === 'paths') return !isSystemPath(value) && !/\\(explorer|svchost)\.exe$/.test(value) && /\\[^\\]+\.[a-z0-9]{1,4}$/.test(value)
  if (kind === 'commandLines') return value.length >= 20
  return true
}

function ms(t: string | undefined): number | undefined {
  if (!t) return undefined
  const v = Date.parse(t)
  return Number.isNaN(v) ? undefined : v
}

export function correlate(findings: readonly Finding[], opts: CorrelateOptions = {}): Incident[] {
  const windowMs = opts.windowMs ?? 30 * 60_000
  const userWindowMs = opts.userWindowMs ?? 2 * 3_600_000
  const minSeverity = opts.minSeverity ?? 'medium'
  const fs = findings.filter(f => f.severity !== 'info')
  const uf = new UnionFind(fs.length)
  const links: IncidentLink[] = []
  const owner = new Map<string, number>()
  const join = (a: number, b: number, reason: string, value: string): void => {
    if (uf.union(a, b)) links.push({from: fs[a]!.id, to: fs[b]!.id, reason, value})
  }
  fs.forEach((f, i) => {
    const host = (f.host ?? '').toLowerCase()
    for (const [kind, reason, scope] of LINK_KINDS) {
      for (const v of f.indicators[kind] ?? []) {
        if (!linkable(kind, v)) continue
        const key = `${reason}\u0000${scope === 'host' ? host : ''}\u0000${v}`
        const prior = owner.get(key)
        if (prior === undefined) owner.set(key, i)
        else join(prior, i, reason, v)
      }
    }
  })
  const serious = fs
    .map((f, i) => ({f, i, t: ms(f.time)}))
    .filter(x => x.t !== undefined && severityRank(x.f.severity) >= severityRank('medium'))
    .sort((a, b) => (a.f.host ?? '').localeCompare(b.f.host ?? '') || a.t! - b.t!)
  for (let k = 1; k < serious.length; k++) {
    const a = serious[k - 1]!
    const b = serious[k]!
    if ((a.f.host ?? '').toLowerCase() === (b.f.host ?? '').toLowerCase() && b.t! - a.t! <= windowMs) {
      join(a.i, b.i, 'host+time', `${b.f.host ?? 'unknown host'} within ${Math.round((b.t! - a.t!) / 1000)} s`)
    }
  }
  const byUser = new Map<string, typeof serious>()
  for (const x of serious) {
    const u = (x.f.user ?? '').toLowerCase()
    if (!u || isServiceAccount(u)) continue
    const key = `${(x.f.host ?? '').toLowerCase()}\u0000${u}`
    byUser.set(key, [...(byUser.get(key) ?? []), x])
  }
  for (const group of byUser.values()) {
    for (let k = 1; k < group.length; k++) {
      const a = group[k - 1]!
      const b = group[k]!
      if (b.t! - a.t! <= userWindowMs) join(a.i, b.i, 'user', b.f.user ?? '')
    }
  }

  const components = new Map<number, number[]>()
  fs.forEach((_, i) => {
    const r = uf.find(i)
    components.set(r, [...(components.get(r) ?? []), i])
  })
  const incidents: Incident[] = []
  for (const members of components.values()) {
    const parts = members.map(i => fs[i]!).sort((a, b) => compareTimes(a.time, b.time) || a.id.localeCompare(b.id))
    const severity = maxSeverity(parts.map(p => p.severity))
    if (severityRank(severity) < severityRank(minSeverity)) continue
    const ids = new Set(parts.map(p => p.id))
    const ind = new IndicatorSet()
    for (const p of parts) ind.merge(p.indicators)
    const indicators = ind.toIndicators()
    const techniques = [...new Set(parts.flatMap(p => p.techniques))].sort()
    const times = parts.map(p => p.time).filter((t): t is string => !!t).sort(compareTimes)
    const hosts = [...new Set(parts.map(p => p.host).filter((h): h is string => !!h))]
    const users = [...new Set(parts.map(p => p.user).filter((u): u is string => !!u))]
    const playbook = nextSteps(parts, indicators, techniques)
    const incident: Incident = {
      id: `I-${createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 12)}`,
      title: incidentTitle(parts),
      severity,
      techniques,
      findings: parts.map(p => p.id),
      links: links.filter(l => ids.has(l.from) && ids.has(l.to)),
      nextSteps: playbook.map(step => renderStep(step, 'en')),
      playbook,
    }
    if (times.length) {
      incident.start = times[0]!
      incident.end = times[times.length - 1]!
    }
    if (hosts.length) incident.host = hosts.join(', ')
    if (users.length) incident.users = users
    incidents.push(incident)
  }
  return incidents.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareTimes(a.start, b.start) || a.id.localeCompare(b.id))
}

const PERSISTENCE_RULES = new Set(['bits-notify-launch', 'bits-cmd-set-notify', 'bits-cmd-local-path-source', 'scheduled-task-bits'])

function incidentTitle(parts: Finding[]): string {
  const bySeverity = [...parts].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
  const jobs = bySeverity.filter(p => p.fields?.['bits.title'] || p.fields?.['bits.id'])
  const bitsJob = jobs.find(p => p.fields?.['bits.notifyCommandLine'] || p.fields?.['bits.notifyProgram']) ?? jobs[0]
  const launches = parts.filter(p => p.rule === 'bits-notify-launch')
  const persistence = parts.some(p => PERSISTENCE_RULES.has(p.rule) || p.fields?.['bits.notifyCommandLine'] || /local path/.test(p.fields?.reasons ?? '') || /notify program/.test(p.fields?.reasons ?? ''))
  const jobTitle = bitsJob?.fields?.['bits.title'] ?? bitsJob?.fields?.['bits.id'] ?? parts.flatMap(p => p.indicators.jobTitles ?? [])[0]
  const program = launches[0]?.fields?.['process.image'] ?? notifyProgram(bitsJob)
  if (jobTitle && persistence) return `BITS job persistence: job '${jobTitle}'${program ? ` → ${basename(program)}` : ''}`
  if (launches.length) {
    const names = [...new Set(launches.map(l => basename(l.fields?.['process.image'] ?? '')).filter(Boolean))]
    return `BITS notify launch: ${names.join(', ')}${launches[0]!.user ? ` as ${launches[0]!.user}` : ''}`
  }
  const top = bySeverity[0]!
  if (jobTitle) return `Suspicious BITS job '${jobTitle}'${parts.length > 1 ? ` (+${parts.length - 1} related)` : ''}`
  return parts.length > 1 ? `${top.title} (+${parts.length - 1} related)` : top.title
}

function notifyProgram(f: Finding | undefined): string | undefined {
  if (!f?.fields) return undefined
  if (f.fields['bits.notifyProgram']) return f.fields['bits.notifyProgram']
  const cmd = f.fields['bits.notifyCommandLine']
  if (cmd) return cmd.trim().replace(/^(["'])(.+?)\1.*$/, '$2').split(/\s+/)[0]
  const urls = f.fields.urls ?? f.fields.files
  const local = urls?.split(' | ').find(u => /^[a-z]:\\/i.test(u))
  return local?.split(' -> ')[0]
}
