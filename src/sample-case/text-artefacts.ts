import {BENIGN_JOBS, HOST, JOB, RUN_VALUE, T, TASK, USER} from './story.js'

/** Text as Windows tools save it: UTF-16LE with a BOM and CRLF line ends. */
export function utf16WithBom(lines: string[]): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')])
}

/** `18.11.2026 10:12:03` — the German host's local time (UTC+1 in November). */
function germanLocal(isoUtc: string): string {
  const d = new Date(Date.parse(isoUtc) + 60 * 60 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

function jobBlock(job: {
  id: string
  title: string
  state: string
  owner: string
  bytes: number
  url: string
  local: string
  created: string
  modified: string
  notify?: string
  integrity: string
  retryDelay: number
}): string[] {
  return [
    `GUID: ${job.id} DISPLAY: '${job.title}'`,
    `TYPE: DOWNLOAD STATE: ${job.state} OWNER: ${job.owner}`,
    `PRIORITY: NORMAL FILES: 1 / 1 BYTES: ${job.bytes} / ${job.bytes}`,
    `CREATION TIME: ${germanLocal(job.created)} MODIFICATION TIME: ${germanLocal(job.modified)}`,
    'COMPLETION TIME: UNKNOWN ACL FLAGS:',
    `NOTIFY INTERFACE: UNREGISTERED NOTIFICATION FLAGS: ${job.notify ? 1 : 3}`,
    `RETRY DELAY: ${job.retryDelay} NO PROGRESS TIMEOUT: 1209600 ERROR COUNT: 0`,
    'PROXY USAGE: PRECONFIG PROXY LIST: NULL PROXY BYPASS LIST: NULL',
    'DESCRIPTION:',
    'JOB FILES:',
    `\t${job.bytes} / ${job.bytes} WORKING ${job.url} -> ${job.local}`,
    `NOTIFICATION COMMAND LINE: ${job.notify ?? 'none'}`,
    `owner MIC integrity level: ${job.integrity}`,
    'owner elevated ?           false',
    '',
    'Peercaching flags',
    '\tEnable download from peers      :false',
    '\tEnable serving to peers         :false',
    '',
    'CUSTOM HEADERS: NULL',
    '',
  ]
}

/** `bitsadmin /list /allusers /verbose > bitsadmin.txt` run in PowerShell on the German host. */
export function bitsadminListing(): Buffer {
  const [edge, font] = BENIGN_JOBS
  return utf16WithBom([
    '',
    'BITSADMIN version 3.0',
    'BITS administration utility.',
    '(C) Copyright Microsoft Corp.',
    '',
    'BITSAdmin is deprecated and is not guaranteed to be available in future versions of Windows.',
    'Administrative tools for the BITS service are now provided by BITS PowerShell cmdlets.',
    '',
    ...jobBlock({
      id: edge!.id, title: edge!.title, state: 'SUSPENDED', owner: edge!.owner, bytes: edge!.bytes, url: edge!.url,
      local: edge!.local, created: T.edgeJob, modified: T.edgeJob, integrity: 'SYSTEM', retryDelay: 600,
    }),
    ...jobBlock({
      id: font!.id, title: font!.title, state: 'TRANSFERRED', owner: font!.owner, bytes: font!.bytes, url: font!.url,
      local: font!.local, created: T.fontJob, modified: T.fontJob, integrity: 'SYSTEM', retryDelay: 600,
    }),
    ...jobBlock({
      id: JOB.id, title: JOB.title, state: 'TRANSFERRED', owner: `${USER.domain}\\${USER.name}`, bytes: JOB.bytes,
      url: JOB.url, local: JOB.local, created: T.jobCreated, modified: T.transferStopped,
      notify: `'${JOB.notifyProgram}' '${JOB.notifyParameters}'`, integrity: 'MEDIUM', retryDelay: 60,
    }),
    'Listed 3 job(s).',
  ])
}

function regString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** `reg export` of the SYSTEM time zone, the Run keys and Winlogon, merged into one UTF-16LE file. */
export function registryExport(): Buffer {
  return utf16WithBom([
    'Windows Registry Editor Version 5.00',
    '',
    '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation]',
    '"ActiveTimeBias"=dword:ffffffc4',
    '"Bias"=dword:ffffffc4',
    '"DaylightBias"=dword:ffffffc4',
    '"DaylightName"="@tzres.dll,-321"',
    '"DaylightStart"=hex:00,00,03,00,00,00,05,00,02,00,00,00,00,00,00,00',
    '"DynamicDaylightTimeDisabled"=dword:00000000',
    '"StandardBias"=dword:00000000',
    '"StandardName"="@tzres.dll,-322"',
    '"StandardStart"=hex:00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00',
    '"TimeZoneKeyName"="W. Europe Standard Time"',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run]',
    `"SecurityHealth"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,\\`,
    '  6d,00,33,00,32,00,5c,00,53,00,65,00,63,00,75,00,72,00,69,00,74,00,79,00,48,00,65,00,61,00,6c,00,74,00,68,\\',
    '  00,53,00,79,00,73,00,74,00,72,00,61,00,79,00,2e,00,65,00,78,00,65,00,00,00',
    '"VMware User Process"="\\"C:\\\\Program Files\\\\VMware\\\\VMware Tools\\\\vmtoolsd.exe\\" -n vmusr"',
    '',
    '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon]',
    '"Shell"="explorer.exe"',
    '"Userinit"="C:\\\\Windows\\\\system32\\\\userinit.exe,"',
    '"AutoRestartShell"=dword:00000001',
    '',
    `[${RUN_VALUE.key}]`,
    `"OneDrive"=${regString(`"C:\\Users\\${USER.name}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background`)}`,
    `"${RUN_VALUE.name}"=${regString(RUN_VALUE.data)}`,
    '',
  ])
}

export function taskXml(task: {
  author: string
  date: string
  uri: string
  hidden: boolean
  trigger: string
  principal: string
  command: string
  arguments?: string
}): string {
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    `    <Date>${task.date}</Date>`,
    `    <Author>${task.author}</Author>`,
    `    <URI>${task.uri}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    task.trigger,
    '  </Triggers>',
    '  <Principals>',
    task.principal,
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <AllowHardTerminate>true</AllowHardTerminate>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <IdleSettings>',
    '      <StopOnIdleEnd>true</StopOnIdleEnd>',
    '      <RestartOnIdle>false</RestartOnIdle>',
    '    </IdleSettings>',
    '    <AllowStartOnDemand>true</AllowStartOnDemand>',
    '    <Enabled>true</Enabled>',
    `    <Hidden>${task.hidden}</Hidden>`,
    '    <ExecutionTimeLimit>PT72H</ExecutionTimeLimit>',
    '    <Priority>7</Priority>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${task.command}</Command>`,
    ...(task.arguments ? [`      <Arguments>${task.arguments}</Arguments>`] : []),
    '    </Exec>',
    '  </Actions>',
    '</Task>',
  ].join('\r\n')
}

export const MALICIOUS_TASK_XML = taskXml({
  author: `${USER.domain}\\${USER.name}`,
  date: '2026-11-18T10:12:14.5550000',
  uri: TASK.path,
  hidden: true,
  trigger: [
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    `      <UserId>${USER.domain}\\${USER.name}</UserId>`,
    '      <Delay>PT2M</Delay>',
    '    </LogonTrigger>',
  ].join('\r\n'),
  principal: [
    '    <Principal id="Author">',
    `      <UserId>${USER.sid}</UserId>`,
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
  ].join('\r\n'),
  command: TASK.command,
  arguments: TASK.arguments,
})

export const BENIGN_TASK_XML = taskXml({
  author: 'Microsoft Corporation',
  date: '2026-03-02T08:14:51.3300000',
  uri: '\\MicrosoftEdgeUpdateTaskMachineCore',
  hidden: false,
  trigger: [
    '    <BootTrigger>',
    '      <Enabled>true</Enabled>',
    '    </BootTrigger>',
  ].join('\r\n'),
  principal: [
    '    <Principal id="Author">',
    '      <UserId>S-1-5-18</UserId>',
    '      <RunLevel>HighestAvailable</RunLevel>',
    '    </Principal>',
  ].join('\r\n'),
  command: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe',
  arguments: '/c',
})

/** Winlogbeat documents from the SIEM: the implant's network connection and benign traffic, as ECS NDJSON. */
export function elasticExport(): string {
  const doc = (time: string, recordId: number, eventId: number, data: Record<string, string>, ecs: Record<string, unknown>) =>
    JSON.stringify({
      '@timestamp': time.replace(/(\.\d{3})\d*Z$/, '$1Z'),
      host: {name: HOST.split('.')[0]!.toLowerCase(), hostname: HOST.split('.')[0]},
      agent: {type: 'winlogbeat', version: '8.15.0'},
      event: {code: String(eventId), provider: 'Microsoft-Windows-Sysmon', module: 'sysmon', kind: 'event'},
      winlog: {
        channel: 'Microsoft-Windows-Sysmon/Operational',
        provider_name: 'Microsoft-Windows-Sysmon',
        event_id: String(eventId),
        record_id: String(recordId),
        computer_name: HOST,
        event_data: data,
      },
      ...ecs,
    })
  return [
    doc('2026-11-18T09:06:01.5120000Z', 88120, 3, {
      UtcTime: '2026-11-18 09:06:01.512', ProcessId: '5012', Image: BENIGN_JOBS[0]!.process, User: 'NT AUTHORITY\\SYSTEM',
      Protocol: 'tcp', Initiated: 'true', SourceIp: '10.20.30.47', SourcePort: '50112', DestinationIp: '13.107.4.50',
      DestinationHostname: 'msedge.b.tlu.dl.delivery.mp.microsoft.com', DestinationPort: '80',
    }, {process: {executable: BENIGN_JOBS[0]!.process, pid: 5012}, destination: {ip: '13.107.4.50', port: 80}}),
    doc(T.network, 88164, 3, {
      UtcTime: '2026-11-18 09:12:10.200', ProcessId: '7344', Image: JOB.notifyProgram, User: `${USER.domain}\\${USER.name}`,
      Protocol: 'tcp', Initiated: 'true', SourceIp: '10.20.30.47', SourcePort: '50188', DestinationIp: '185.199.110.42',
      DestinationHostname: '', DestinationPort: '443',
    }, {process: {executable: JOB.notifyProgram, pid: 7344}, destination: {ip: '185.199.110.42', port: 443}, user: {name: USER.name, domain: USER.domain}}),
    doc('2026-11-18T09:14:40.0000000Z', 88190, 22, {
      UtcTime: '2026-11-18 09:14:40.000', ProcessId: '6120', Image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      QueryName: 'www.contoso.com', QueryStatus: '0', QueryResults: '::ffff:20.70.246.20;', User: `${USER.domain}\\${USER.name}`,
    }, {process: {executable: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', pid: 6120}, dns: {question: {name: 'www.contoso.com'}}}),
  ].join('\n') + '\n'
}
