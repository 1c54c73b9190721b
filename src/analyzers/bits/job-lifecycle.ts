/**
 * Bits-Client/Operational life cycle per job: 3 (created) → 59 (transfer started) → 60/61 (stopped, error) →
 * 4/5 (completed, cancelled), 63/64 (notify program failed). One summary finding per job. Windows 7 event 3 has
 * no job id (title and owner only): it is joined to the id that the next 59/60 of the same title brings.
 */
import type {TriageEvent} from '../../model/event.js'
import type {Finding} from '../../model/finding.js'
import {makeFinding} from '../findings.js'
import type {Analyzer, AnalyzerInfo} from '../types.js'
import {assessJob} from './assess.js'

export const JOB_LIFECYCLE_INFO: AnalyzerInfo = {
  id: 'bits-job',
  title: 'BITS job (Bits-Client life cycle)',
  description:
    'One summary per BITS job from Bits-Client 3/4/5/59/60/61/63/64/16403: creating process, owner, URLs, local files, outcome. ' +
    'Flags local-path URLs, notify failures, raw IPs, file-sharing hosts, script/binary payloads, user-writable targets and bitsadmin/PowerShell/unusual creators; known-benign users are lowered.',
  techniques: ['T1197', 'T1105'],
  severity: 'high',
  appliesTo: 'bits Microsoft-Windows-Bits-Client #3,4,5,59,60,61,63,64,16403',
}

const OUTCOMES: Record<number, string> = {
  3: 'created',
  59: 'transferring',
  60: 'transfer stopped',
  61: 'transfer error',
  4: 'completed',
  5: 'cancelled',
  63: 'notify program failed',
  64: 'notify program not started',
}

interface JobState {
  host: string
  id?: string
  title?: string
  owner?: string
  creatingProcess?: string
  urls: Set<string>
  locals: Set<string>
  notify?: string
  notifyFailed: boolean
  outcome: string
  hresults: Set<string>
  events: TriageEvent[]
  moreEvents: number
}

export interface JobLifecycleOptions {
  /** Events kept per job as evidence (default 16); the rest are counted. */
  maxEventsPerJob?: number
  /** Jobs tracked (default 100,000). */
  maxJobs?: number
}

export function createJobLifecycleAnalyzer(opts: JobLifecycleOptions = {}): Analyzer {
  const maxEvents = opts.maxEventsPerJob ?? 16
  const maxJobs = opts.maxJobs ?? 100_000
  const jobs = new Map<string, JobState>()
  /** host + title → keys of jobs with that title, latest last. */
  const byTitle = new Map<string, string[]>()
  let serial = 0
  let warned = false

  function titleKey(host: string, title: string): string {
    return `${host}\u0000${title.toLowerCase()}`
  }

  function newJob(key: string, host: string, warn: (m: string) => void): JobState | undefined {
    if (jobs.size >= maxJobs) {
      if (!warned) warn(`BITS life-cycle analyzer: more than ${maxJobs} jobs; later jobs were not tracked`)
      warned = true
      return undefined
    }
    const j: JobState = {host, urls: new Set(), locals: new Set(), notifyFailed: false, outcome: 'created', hresults: new Set(), events: [], moreEvents: 0}
    jobs.set(key, j)
    return j
  }

  function locate(e: TriageEvent, warn: (m: string) => void): JobState | undefined {
    const host = (e.host ?? '').toLowerCase()
    const id = e.bits?.id?.toLowerCase()
    const title = e.bits?.title
    const tk = title ? titleKey(host, title) : undefined
    if (id) {
      const key = `${host}\u0000id:${id}`
      let j = jobs.get(key)
      if (j) return j
      // A Windows 7 job seen by title only: adopt it.
      const pending = tk ? (byTitle.get(tk) ?? []).map(k => [k, jobs.get(k)] as const).reverse().find(([, s]) => s && !s.id) : undefined
      if (pending && pending[1]) {
        j = pending[1]
        jobs.delete(pending[0])
        jobs.set(key, j)
        byTitle.set(tk!, (byTitle.get(tk!) ?? []).map(k => (k === pending[0] ? key : k)))
      } else {
        j = newJob(key, host, warn)
        if (!j) return undefined
        if (tk) byTitle.set(tk, [...(byTitle.get(tk) ?? []), key])
      }
      j.id = e.bits!.id!
      return j
    }
    if (!tk) return undefined
    const keys = byTitle.get(tk) ?? []
    if (e.eventId !== 3 && keys.length) return jobs.get(keys[keys.length - 1]!)
    const key = `${host}\u0000title:${title!.toLowerCase()}#${serial++}`
    const j = newJob(key, host, warn)
    if (j) byTitle.set(tk, [...keys, key])
    return j
  }

  function summary(j: JobState): Finding {
    const facts = {
      urls: [...j.urls],
      locals: [...j.locals],
      notifyFailed: j.notifyFailed,
      ...(j.title !== undefined ? {title: j.title} : {}),
      ...(j.owner !== undefined ? {owner: j.owner} : {}),
      ...(j.creatingProcess !== undefined ? {creatingProcess: j.creatingProcess} : {}),
      ...(j.notify !== undefined ? {notifyCommandLine: j.notify} : {}),
    }
    const a = assessJob(facts)
    const name = j.title ?? j.id ?? 'unnamed'
    const fields: Record<string, string> = {}
    if (j.id) fields['bits.id'] = j.id
    if (j.title) fields['bits.title'] = j.title
    if (j.owner) fields['bits.owner'] = j.owner
    if (j.creatingProcess) fields['bits.creatingProcess'] = j.creatingProcess
    if (j.urls.size) fields.urls = [...j.urls].join(' | ')
    if (j.locals.size) fields.localFiles = [...j.locals].join(' | ')
    if (j.notify) fields['bits.notifyCommandLine'] = j.notify
    if (j.hresults.size) fields.hresults = [...j.hresults].join(', ')
    fields.outcome = j.outcome
    if (a.reasons.length) fields.reasons = a.reasons.join('; ')
    if (a.benign) fields.allowListed = a.benign
    if (j.moreEvents) fields.moreEvents = String(j.moreEvents)
    const headline = a.localPathUrls.length
      ? `local path as URL (${a.localPathUrls[0]})`
      : a.hasNotify
        ? 'notify command'
        : a.reasons[0] ?? j.outcome
    return makeFinding({
      rule: JOB_LIFECYCLE_INFO.id,
      title: `BITS job '${name}': ${headline}`,
      severity: a.severity,
      techniques: a.techniques,
      summary: `BITS job '${name}'${j.owner ? ` owned by ${j.owner}` : ''}${j.creatingProcess ? ` created by ${j.creatingProcess}` : ''}${j.urls.size ? `: ${[...j.urls].join(', ')}` : ''}${j.locals.size ? ` → ${[...j.locals].join(', ')}` : ''} (${j.outcome})`,
      events: j.events,
      discriminator: `${j.host}|${j.id ?? ''}|${j.title ?? ''}`,
      fields,
      ...(j.owner ? {user: j.owner} : {}),
    })
  }

  return {
    id: JOB_LIFECYCLE_INFO.id,
    observe(e, ctx) {
      if (e.category !== 'bits' || e.action === 'bits-job-listed' || e.source.kind === 'bitsadmin') return
      const j = locate(e, m => ctx.warn(m))
      if (!j) return
      const b = e.bits!
      if (b.title && !j.title) j.title = b.title
      if (b.owner && !j.owner) j.owner = b.owner
      if (b.creatingProcess && !j.creatingProcess) j.creatingProcess = b.creatingProcess
      for (const f of b.files ?? []) {
        if (f.url) j.urls.add(f.url)
        if (f.local) j.locals.add(f.local)
      }
      if (b.notifyCommandLine) j.notify = b.notifyCommandLine
      if (e.eventId === 63 || e.eventId === 64) j.notifyFailed = true
      if (b.hresult && b.hresult !== '0x00000000') j.hresults.add(b.hresult)
      const outcome = e.eventId !== undefined ? OUTCOMES[e.eventId] : undefined
      if (outcome && e.eventId !== 16403) j.outcome = outcome
      if (j.events.length < maxEvents) j.events.push(e)
      else j.moreEvents++
    },
    finish() {
      return [...jobs.values()].map(summary)
    },
  }
}
