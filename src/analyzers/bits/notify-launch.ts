/**
 * Notify launches: processes the BITS service started because a job completed or failed. The parent is the
 * svchost.exe that hosts BITS — `-k netsvcs -p -s BITS` on Windows 10+, the shared `-k netsvcs` on Windows 7/8 —
 * and the child is told apart from that host's normal children by its user, command-line shape, image and timing.
 */
import type {TriageEvent} from '../../model/event.js'
import type {Finding, Severity} from '../../model/finding.js'
import {isKnownBenignAutostart} from '../autostart/classify.js'
import {makeFinding} from '../findings.js'
import {isLolbin} from '../text/lolbins.js'
import {basename, isUserWritablePath} from '../text/paths.js'
import {isInteractiveUser, sameUser} from '../text/users.js'
import type {Analyzer, AnalyzerInfo} from '../types.js'
import {bitsHostKind, type BitsHostKind} from './host.js'

export const NOTIFY_LAUNCH_INFO: AnalyzerInfo = {
  id: 'bits-notify-launch',
  title: 'Program started by a BITS job notify command',
  description:
    'Children of the BITS svchost (Windows 10+ -s BITS, Windows 7 -k netsvcs, or a known BITS host PID for 4688) that run as an interactive user, ' +
    'have a command line not starting with their image, are LOLBins or live in user-writable folders, or start minutes after a BITS job of that user ended.',
  techniques: ['T1197'],
  severity: 'high',
  appliesTo: 'process process-start (Sysmon 1, Security 4688); bits 4/60/61 for timing',
}

/** Normal children of the netsvcs / BITS svchost. */
const USUAL_CHILDREN = new Set([
  'wmiadap.exe', 'wmiprvse.exe', 'werfault.exe', 'wermgr.exe', 'taskeng.exe', 'taskhost.exe', 'taskhostw.exe', 'wuauclt.exe',
  'mobsync.exe', 'dllhost.exe', 'consent.exe', 'slui.exe', 'usoclient.exe', 'musnotification.exe', 'musnotificationux.exe',
  'sihclient.exe', 'compattelrunner.exe', 'devicecensus.exe', 'backgroundtaskhost.exe', 'mousocoreworker.exe', 'sppsvc.exe',
  'dinotify.exe', 'wsqmcons.exe', 'defrag.exe', 'sdclt.exe', 'aitagent.exe', 'conhost.exe', 'gpupdate.exe',
])

export interface NotifyLaunchOptions {
  /** How long after a job's last transfer event a launch counts as its notify command (default 10 min). */
  windowMs?: number
  /** Candidate launches kept until the end of the input (default 50,000). */
  maxCandidates?: number
}

interface BitsActivity {
  ms: number
  owner?: string
  jobId?: string
  title?: string
}

function ms(time: string | undefined): number | undefined {
  if (!time) return undefined
  const v = Date.parse(time)
  return Number.isNaN(v) ? undefined : v
}

/** True when the command line starts with the process's own image (full path or name, quoted or not). */
export function startsWithOwnImage(image: string | undefined, commandLine: string | undefined): boolean {
  if (!commandLine || !image) return true
  const c = commandLine.trim().replace(/^"/, '').toLowerCase()
  const img = image.toLowerCase()
  const name = basename(image)
  const stem = name.replace(/\.exe$/, '')
  if (c.startsWith(img)) return true
  const first = c.split(/[\s"]/)[0] ?? ''
  const firstName = basename(first)
  return firstName === name || firstName === stem
}

function processUser(e: TriageEvent): string | undefined {
  if (e.process?.user) return e.process.user
  if (e.user?.name) return e.user.domain ? `${e.user.domain}\\${e.user.name}` : e.user.name
  return e.user?.sid
}

export function createNotifyLaunchAnalyzer(opts: NotifyLaunchOptions = {}): Analyzer {
  const windowMs = opts.windowMs ?? 10 * 60_000
  const maxCandidates = opts.maxCandidates ?? 50_000
  const hostPids = new Map<string, Map<number, BitsHostKind>>()
  const activity = new Map<string, BitsActivity[]>()
  /** host + job id or title → owner, from the events that name it (3, 4, 5). */
  const owners = new Map<string, string>()
  const candidates: Array<{event: TriageEvent; seed: boolean}> = []
  let dropped = 0

  const hostKey = (e: TriageEvent): string => (e.host ?? '').toLowerCase()

  function rememberHost(e: TriageEvent): void {
    const p = e.process
    if (!p?.image || p.pid === undefined) return
    const kind = bitsHostKind(p.image, p.commandLine)
    if (kind !== 'dedicated' && kind !== 'shared-netsvcs') return
    const h = hostKey(e)
    let m = hostPids.get(h)
    if (!m) hostPids.set(h, (m = new Map()))
    m.set(p.pid, kind)
  }

  function rememberActivity(e: TriageEvent): void {
    const h = hostKey(e)
    const b = e.bits
    if (b?.owner && owners.size < 200_000) {
      if (b.id) owners.set(`${h}\u0000${b.id.toLowerCase()}`, b.owner)
      if (b.title) owners.set(`${h}\u0000${b.title.toLowerCase()}`, b.owner)
    }
    if (![4, 60, 61, 63, 64].includes(e.eventId ?? -1)) return
    const t = ms(e.time)
    if (t === undefined) return
    let list = activity.get(h)
    if (!list) activity.set(h, (list = []))
    if (list.length >= 100_000) list.splice(0, 50_000)
    const a: BitsActivity = {ms: t}
    if (b?.owner) a.owner = b.owner
    if (b?.id) a.jobId = b.id
    if (b?.title) a.title = b.title
    list.push(a)
  }

  function assess(event: TriageEvent, seed: boolean): Finding | undefined {
    const p = event.process!
    const h = hostKey(event)
    let kind = bitsHostKind(p.parentImage, p.parentCommandLine)
    const pidKind = p.parentPid !== undefined ? hostPids.get(h)?.get(p.parentPid) : undefined
    if (pidKind && (kind === 'unknown' || kind === pidKind)) kind = pidKind
    if (seed && kind !== 'dedicated') kind = 'dedicated'
    if (kind === 'other') return undefined
    const user = processUser(event)
    const interactive = isInteractiveUser(user)
    const image = p.image ?? ''
    const name = basename(image)
    const shape = !startsWithOwnImage(image, p.commandLine)
    const lolbin = isLolbin(image)
    const writable = isUserWritablePath(image)
    const t = ms(event.time)
    const near = t === undefined ? [] : (activity.get(h) ?? []).filter(a => a.ms <= t + 5_000 && t - a.ms <= windowMs)
    const ownerOf = (a: BitsActivity): string | undefined =>
      a.owner ?? (a.jobId ? owners.get(`${h}\u0000${a.jobId.toLowerCase()}`) : undefined) ?? (a.title ? owners.get(`${h}\u0000${a.title.toLowerCase()}`) : undefined)
    // Jobs of this user, or of an unknown owner when no job of a known other owner explains the launch.
    const mine = near.filter(a => {
      const o = ownerOf(a)
      return o !== undefined && user !== undefined && sameUser(o, user)
    })
    const unknown = near.filter(a => ownerOf(a) === undefined)
    const related = mine.length ? mine : unknown
    const timing = related.length > 0
    const usual = USUAL_CHILDREN.has(name)

    const reasons: string[] = []
    if (kind === 'dedicated') reasons.push(pidKind === 'dedicated' && !/bits/i.test(p.parentCommandLine ?? '') ? 'parent is the known BITS svchost (by PID)' : 'parent is the dedicated BITS svchost (-s BITS)')
    else if (kind === 'shared-netsvcs') reasons.push('parent is the shared netsvcs svchost that hosts BITS on Windows 7/8')
    else reasons.push('parent is svchost.exe (no command line recorded)')
    if (interactive) reasons.push(`runs as the interactive user ${user}`)
    if (shape) reasons.push('command line does not start with its image (BITS passes the notify parameters as the command line)')
    if (lolbin) reasons.push(`${name} is a script host or LOLBin`)
    if (writable) reasons.push('image is in a user-writable folder')
    if (timing) reasons.push(`started within ${Math.round(windowMs / 60_000)} min after BITS job activity${related[0]?.title ? ` ('${related[related.length - 1]!.title}')` : ''}`)

    const strong = shape || lolbin || writable || timing
    let severity: Severity | undefined
    if (kind === 'dedicated') {
      if (interactive || strong) severity = 'high'
      else if (!usual) severity = 'medium'
    } else if (kind === 'shared-netsvcs') {
      // This host also runs the Task Scheduler (Windows 8 to 10 1607 start user tasks from it directly): a child
      // that runs its own image as the user is a task unless its shape, timing or location says otherwise.
      if (interactive && (shape || timing)) severity = 'high'
      else if (interactive && (lolbin || (writable && !isKnownBenignAutostart(image)))) severity = 'medium'
      else if (!interactive && (shape || timing) && (lolbin || writable)) severity = 'medium'
    } else {
      if (interactive && timing && (shape || lolbin || writable)) severity = 'high'
      else if (interactive && shape && (lolbin || writable)) severity = 'medium'
    }
    if (!severity) return undefined
    const jobIds = [...new Set(related.map(a => a.jobId).filter((x): x is string => !!x))]
    const titles = [...new Set(related.map(a => a.title).filter((x): x is string => !!x))]
    const fields: Record<string, string> = {
      'process.image': image,
      'process.commandLine': p.commandLine ?? '',
      'process.user': user ?? '',
      'process.parentImage': p.parentImage ?? '',
      'process.parentCommandLine': p.parentCommandLine ?? '',
      bitsHost: kind,
      reasons: reasons.join('; '),
    }
    if (titles.length) fields.relatedJobs = titles.join(', ')
    return makeFinding({
      rule: NOTIFY_LAUNCH_INFO.id,
      title: `BITS notify command launched ${name || 'a program'}`,
      severity,
      techniques: ['T1197'],
      summary: `${p.parentImage ? basename(p.parentImage) : 'svchost.exe'} (${kind === 'shared-netsvcs' ? '-k netsvcs' : kind === 'dedicated' ? 'BITS' : 'svchost'}) started ${name}${p.commandLine ? ` with "${p.commandLine}"` : ''}${user ? ` as ${user}` : ''}`,
      events: [event],
      fields,
      indicators: {...(jobIds.length ? {jobIds: jobIds.map(j => j.toLowerCase())} : {}), ...(titles.length ? {jobTitles: titles.map(x => x.toLowerCase())} : {})},
    })
  }

  return {
    id: NOTIFY_LAUNCH_INFO.id,
    observe(event, ctx) {
      if (event.category === 'bits') {
        rememberActivity(event)
        return
      }
      if (event.category !== 'process' || event.action !== 'process-start' || !event.process) return
      rememberHost(event)
      const p = event.process
      if (!p.parentImage || basename(p.parentImage) !== 'svchost.exe') return
      const seed = ctx.signals.has('bits-svchost-child-seed')
      if (!seed && bitsHostKind(p.parentImage, p.parentCommandLine) === 'other') return
      if (candidates.length >= maxCandidates) {
        if (dropped++ === 0) ctx.warn(`notify-launch analyzer: more than ${maxCandidates} svchost children; later ones were not assessed`)
        return
      }
      candidates.push({event, seed})
    },
    finish() {
      const out: Finding[] = []
      for (const c of candidates) {
        const f = assess(c.event, c.seed)
        if (f) out.push(f)
      }
      return out
    },
  }
}
