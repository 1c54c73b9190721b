/** Jobs from `bitsadmin /list /allusers /verbose` (events with action bits-job-listed): one finding per job. */
import type {Finding, Severity} from '../../model/finding.js'
import {maxSeverity} from '../../model/finding.js'
import {makeFinding} from '../findings.js'
import type {Analyzer, AnalyzerInfo} from '../types.js'
import {assessJob} from './assess.js'

export const JOB_LISTING_INFO: AnalyzerInfo = {
  id: 'bits-job-listed',
  title: 'BITS job in a bitsadmin listing',
  description:
    'Jobs from bitsadmin /list /allusers /verbose: a notification command line (high), suspicious URLs, targets, owners and creators, ' +
    'tuned retry delay or no-progress timeout, and long-lived ERROR/SUSPENDED jobs. Known-benign users are lowered, never when a notify command is set.',
  techniques: ['T1197'],
  severity: 'high',
  appliesTo: 'bits bits-job-listed (bitsadmin listings)',
}

const DAY_MS = 86_400_000
const DEFAULT_RETRY_DELAY = 600
const DEFAULT_NO_PROGRESS = 1_209_600

export function createJobListingAnalyzer(): Analyzer {
  return {
    id: JOB_LISTING_INFO.id,
    observe(e): Finding[] | void {
      if (e.category !== 'bits' || !(e.action === 'bits-job-listed' || e.source.kind === 'bitsadmin') || !e.bits) return
      const b = e.bits
      const files = b.files ?? []
      const a = assessJob({
        urls: files.map(f => f.url).filter(Boolean),
        locals: files.map(f => f.local).filter((x): x is string => !!x),
        ...(b.title !== undefined ? {title: b.title} : {}),
        ...(b.owner !== undefined ? {owner: b.owner} : {}),
        ...(b.creatingProcess !== undefined ? {creatingProcess: b.creatingProcess} : {}),
        ...(b.notifyCommandLine !== undefined ? {notifyCommandLine: b.notifyCommandLine} : b.notifyProgram ? {notifyCommandLine: `${b.notifyProgram} ${b.notifyParameters ?? ''}`.trim()} : {}),
      })
      const extra: Array<[Severity, string]> = []
      const state = (b.state ?? '').toUpperCase()
      const created = b.created ? Date.parse(b.created) : NaN
      const last = Date.parse(b.modified ?? b.completed ?? '')
      const ageDays = Number.isFinite(created) && Number.isFinite(last) ? (last - created) / DAY_MS : undefined
      if (/ERROR|SUSPENDED/.test(state) && ageDays !== undefined && ageDays >= 7) extra.push(['low', `${state} for ${Math.floor(ageDays)} days`])
      if (b.owner && /^S-1-5-21-[\d-]+$/i.test(b.owner.trim())) extra.push(['low', `owner ${b.owner} is an unresolved account SID (deleted or foreign user)`])
      if ((b.errorCount ?? 0) >= 10) extra.push(['low', `${b.errorCount} errors`])
      if (b.retryDelaySeconds !== undefined && b.retryDelaySeconds < DEFAULT_RETRY_DELAY && a.hasNotify) extra.push(['medium', `retry delay shortened to ${b.retryDelaySeconds} s`])
      if (b.noProgressTimeoutSeconds !== undefined && b.noProgressTimeoutSeconds > DEFAULT_NO_PROGRESS) extra.push(['medium', `no-progress timeout raised to ${b.noProgressTimeoutSeconds} s`])
      const severity = a.hasNotify ? a.severity : maxSeverity([a.severity, ...extra.map(x => x[0]).map(s => (a.benign ? 'info' : s) as Severity)])
      const reasons = [...a.reasons, ...extra.map(x => x[1])]
      const name = b.title ?? b.id ?? 'unnamed'
      const fields: Record<string, string> = {}
      for (const [k, v] of Object.entries({
        'bits.id': b.id, 'bits.title': b.title, 'bits.state': b.state, 'bits.owner': b.owner,
        'bits.notifyCommandLine': b.notifyCommandLine, 'bits.notifyProgram': b.notifyProgram, 'bits.created': b.created, 'bits.modified': b.modified,
      })) if (v) fields[k] = v
      if (files.length) fields.files = files.map(f => `${f.url}${f.local ? ` -> ${f.local}` : ''}`).join(' | ')
      if (reasons.length) fields.reasons = reasons.join('; ')
      if (a.benign) fields.allowListed = a.benign
      return [
        makeFinding({
          rule: JOB_LISTING_INFO.id,
          title: `BITS job '${name}'${a.hasNotify ? ' with a notify command' : reasons[0] ? `: ${reasons[0]}` : ''}`,
          severity,
          techniques: a.techniques,
          summary: `Listed BITS job '${name}' (${b.state ?? 'state unknown'})${b.owner ? ` owned by ${b.owner}` : ''}${a.hasNotify && b.notifyCommandLine ? ` runs "${b.notifyCommandLine}"` : ''}${files.length ? `: ${files.map(f => f.url).join(', ')}` : ''}`,
          events: [e],
          fields,
          ...(b.owner ? {user: b.owner} : {}),
        }),
      ]
    },
    finish: () => [],
  }
}
