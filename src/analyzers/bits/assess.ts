/** Judges one BITS job (from the Bits-Client life cycle or a bitsadmin listing) from its owner, creator, files and notify command. */
import type {Severity} from '../../model/finding.js'
import {maxSeverity} from '../../model/finding.js'
import {shiftSeverity} from '../findings.js'
import {isLolbin} from '../text/lolbins.js'
import {basename, hasScriptOrBinaryExtension, isDrivePath, isSystemPath, isUserWritablePath} from '../text/paths.js'
import {urlTraits} from '../text/urls.js'
import {benignBitsUser} from './allowlist.js'

export interface JobFacts {
  title?: string
  owner?: string
  creatingProcess?: string
  urls: string[]
  locals: string[]
  notifyCommandLine?: string
  /** Bits-Client 63/64: the notify program failed or could not start. */
  notifyFailed?: boolean
}

export interface JobAssessment {
  severity: Severity
  techniques: string[]
  reasons: string[]
  /** The benign product the job was matched to, if any. */
  benign?: string
  hasNotify: boolean
  localPathUrls: string[]
}

const KNOWN_CLIENT_PROCESSES = /^(svchost|wuauclt|mousocoreworker|usoclient|msmpeng|mpcmdrun|microsoftedgeupdate|googleupdate|onedrive|onedrivestandaloneupdater|officeclicktorun|teams|update|firefox|maintenanceservice|updater|explorer|backgroundtaskhost|sihclient|dosvc)\.exe$/

export function assessJob(job: JobFacts): JobAssessment {
  const reasons: Array<[Severity, string]> = []
  const techniques = new Set(['T1197'])
  const notify = job.notifyCommandLine && !/^\s*(none|null|-)?\s*$/i.test(job.notifyCommandLine) ? job.notifyCommandLine : undefined
  if (notify) reasons.push(['high', `notify command line: ${notify}`])
  if (job.notifyFailed) reasons.push(['high', 'the job ran a notify program that failed or could not start (Bits-Client 63/64)'])
  const localPathUrls = job.urls.filter(u => isDrivePath(u))
  for (const u of localPathUrls) reasons.push(['high', `URL is a local path: ${u} (completes at once and fires the notify command)`])
  for (const u of job.urls) {
    if (isDrivePath(u)) continue
    const t = urlTraits(u)
    if (t.rawIp) reasons.push(['medium', `URL uses a raw IP address: ${u}`])
    if (t.fileSharing) reasons.push(['medium', `URL is on a file-sharing host: ${t.host}`])
    if (hasScriptOrBinaryExtension(u)) reasons.push(['medium', `script or binary payload: ${u}`])
    if (t.ftp) reasons.push(['low', `ftp transfer: ${u}`])
    if (t.host) techniques.add('T1105')
  }
  for (const l of job.locals) {
    const executable = hasScriptOrBinaryExtension(l)
    if (isUserWritablePath(l)) reasons.push([executable ? 'medium' : 'low', `${executable ? 'script or binary ' : ''}target in a user-writable folder: ${l}`])
  }
  if (job.creatingProcess) {
    const name = basename(job.creatingProcess)
    if (isLolbin(name)) reasons.push(['medium', `created by ${name}`])
    else if (isUserWritablePath(job.creatingProcess)) reasons.push(['medium', `created by a program in a user-writable folder: ${job.creatingProcess}`])
    else if (!KNOWN_CLIENT_PROCESSES.test(name) && !isSystemPath(job.creatingProcess)) reasons.push(['low', `created by an unusual program: ${job.creatingProcess}`])
  }
  const hasNotify = !!notify || !!job.notifyFailed
  let severity = reasons.length ? maxSeverity(reasons.map(r => r[0])) : 'info'
  const benign = benignBitsUser({
    urls: job.urls,
    ...(job.title !== undefined ? {title: job.title} : {}),
    ...(job.creatingProcess !== undefined ? {creatingProcess: job.creatingProcess} : {}),
  })
  if (benign && !hasNotify && localPathUrls.length === 0) severity = shiftSeverity(severity, -2)
  const out: JobAssessment = {severity, techniques: [...techniques].sort(), reasons: reasons.map(r => r[1]), hasNotify, localPathUrls}
  if (benign) out.benign = benign.name
  return out
}
