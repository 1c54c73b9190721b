/** The responder's next steps for one incident, written from its own indicators. */
import type {Finding, Indicators} from '../../model/finding.js'
import {isSystemPath} from '../text/paths.js'
import {isInteractiveUser} from '../text/users.js'
import {isRunKey, isWinlogonKey} from '../autostart/classify.js'

const MAX_ITEMS = 10

function list(values: string[], max = MAX_ITEMS): string {
  const shown = values.slice(0, max)
  return shown.join(', ') + (values.length > max ? ` (+${values.length - max} more)` : '')
}

function q(s: string): string {
  return `"${s.replace(/"/g, '\\"')}"`
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

export function nextSteps(findings: Finding[], ind: Indicators, techniques: string[]): string[] {
  const steps: string[] = []
  const hosts = [...new Set(findings.map(f => f.host).filter((h): h is string => !!h))]
  const on = hosts.length ? ` on ${list(hosts)}` : ''
  const bits = techniques.includes('T1197')
  const jobs = new Map<string, string>()
  if (bits) {
    steps.push(`List every BITS job${on}: bitsadmin /list /allusers /verbose (or Get-BitsTransfer -AllUsers | Format-List *), and save the output as evidence.`)
    for (const f of findings) {
      const id = f.fields?.['bits.id']
      if (id) jobs.set(id.toLowerCase(), f.fields?.['bits.title'] ?? '')
    }
    for (const id of ind.jobIds ?? []) if (!jobs.has(id)) jobs.set(id, '')
    for (const [id, title] of [...jobs].slice(0, MAX_ITEMS)) {
      const g = id.toUpperCase()
      steps.push(`Record the notify command of BITS job ${title ? `'${title}' ` : ''}${g} (bitsadmin /getnotifycmdline ${g}), then cancel it: bitsadmin /cancel ${g} (as its owner or an administrator).`)
    }
    const titled = (ind.jobTitles ?? []).filter(t => ![...jobs.values()].some(v => v.toLowerCase() === t))
    for (const t of titled.slice(0, MAX_ITEMS)) {
      steps.push(`Find BITS job '${original(findings, t)}' in the listing and cancel it by its GUID: bitsadmin /cancel {GUID}; Get-BitsTransfer -AllUsers | Where-Object DisplayName -eq '${original(findings, t)}' | Remove-BitsTransfer.`)
    }
  }
  if (bits && jobs.size === 0) {
    for (const f of findings.filter(x => x.rule === 'bits-notify-launch').slice(0, MAX_ITEMS)) {
      const image = f.fields?.['process.image'] ?? ''
      const cmd = f.fields?.['process.commandLine'] ?? ''
      steps.push(`Find the BITS job${f.user ? ` of ${f.user}` : ''} whose NOTIFICATION COMMAND LINE runs ${image}${cmd ? ` "${cmd}"` : ''} in the listing, then cancel it by its GUID: bitsadmin /cancel {GUID}.`)
    }
  }
  const files = (ind.paths ?? []).filter(p => !isSystemPath(p) && !/^\\\\\.\\pipe\\/.test(p))
  if (files.length) {
    steps.push(`Collect and hash (SHA-256) the referenced files${on}: ${list(files.map(p => original(findings, p)))} (Get-FileHash -Algorithm SHA256 <path>; keep copies before deleting).`)
  }
  for (const k of (ind.registryKeys ?? []).slice(0, MAX_ITEMS)) {
    const i = k.lastIndexOf('\\')
    const key = original(findings, i > 0 ? k.slice(0, i) : k)
    const value = i > 0 ? original(findings, k.slice(i + 1)) : ''
    if (isRunKey(key) || isWinlogonKey(key)) {
      steps.push(
        isWinlogonKey(key)
          ? `Restore the Winlogon value ${value} under ${key} to its default after exporting it (reg export ${q(key)} winlogon.reg).`
          : `Export, then delete the Run value: reg export ${q(key)} run.reg, then reg delete ${q(key)} ${value ? `/v ${q(value)}` : '/ve'} /f.`,
      )
    }
  }
  for (const t of (ind.tasks ?? []).slice(0, MAX_ITEMS)) {
    const name = original(findings, t)
    steps.push(`Export, then delete the scheduled task ${name}: schtasks /query /tn ${q(name)} /xml > task.xml, then schtasks /delete /tn ${q(name)} /f.`)
  }
  for (const s of (ind.services ?? []).slice(0, MAX_ITEMS)) {
    const name = original(findings, s)
    steps.push(`Record, stop and delete the service ${name}: sc.exe qc ${name}, sc.exe stop ${name}, sc.exe delete ${name}.`)
  }
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
  if (block.length) steps.push(`Block and hunt for these indicators at the proxy, firewall and EDR: ${list(block, 15)}.`)
  if (bits) {
    steps.push('Restrict BITS: allow bitsadmin.exe and BITS job creation only where needed (AppLocker/WDAC rules, GPO), and alert on Bits-Client 3 from unusual processes and on children of the BITS svchost.')
  }
  const users = [...new Set(findings.map(f => f.user).filter((u): u is string => !!u && isInteractiveUser(u)))]
  if (users.length) steps.push(`Review the accounts involved (${list(users)}): sessions, recent logons, password resets.`)
  steps.push(`Inform the IR lead, IT operations${on} and the CISO; keep the evidence files listed in the findings unchanged.`)
  return steps
}
