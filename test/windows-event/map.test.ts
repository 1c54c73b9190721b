import t from 'tap'
import type {TaskFacet, TriageEvent} from '../../src/model/event.js'
import {mapWinEvent} from '../../src/parsers/windows-event/map.js'
import type {WinEventRecord} from '../../src/parsers/windows-event/record.js'

const SYSMON = 'Microsoft-Windows-Sysmon'
const SYSMON_CH = 'Microsoft-Windows-Sysmon/Operational'
const SEC = 'Microsoft-Windows-Security-Auditing'
const BITS = 'Microsoft-Windows-Bits-Client'
const BITS_CH = 'Microsoft-Windows-Bits-Client/Operational'
const TS = 'Microsoft-Windows-TaskScheduler'
const TS_CH = 'Microsoft-Windows-TaskScheduler/Operational'

function rec(provider: string, channel: string, eventId: number, data: Record<string, string>, extra: Partial<WinEventRecord> = {}): WinEventRecord {
  return {provider, channel, eventId, data, source: {path: 'x.evtx', kind: 'evtx'}, time: '2026-12-03T10:00:00.1234567Z', computer: 'WS01', recordId: 7, ...extra}
}

/** The facets and identity of an event, without the common fields checked once below. */
function facets(e: TriageEvent): Partial<TriageEvent> {
  const {source: _s, time: _t, host: _h, eventId: _i, provider: _p, channel: _c, data: _d, ...rest} = e
  return rest
}

t.test('common fields: source record, time, host, raw data kept, one-line message', async (t) => {
  const e = mapWinEvent(rec(SYSMON, SYSMON_CH, 5, {Image: 'C:\\a.exe', ProcessId: '10', Extra: 'line1\nline2'}))
  t.strictSame(e.source, {path: 'x.evtx', kind: 'evtx', record: 7})
  t.equal(e.time, '2026-12-03T10:00:00.1234567Z')
  t.equal(e.host, 'WS01')
  t.equal(e.eventId, 5)
  t.equal(e.provider, SYSMON)
  t.equal(e.channel, SYSMON_CH)
  t.strictSame(e.data, {Image: 'C:\\a.exe', ProcessId: '10', Extra: 'line1\nline2'})
  t.equal(e.message, 'Process ended: C:\\a.exe')
})

t.test('Sysmon 1 process start: every process field', async (t) => {
  const e = mapWinEvent(rec(SYSMON, SYSMON_CH, 1, {
    Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c notepad.exe', ProcessId: '4242', ProcessGuid: '{g1}', User: 'IEWIN7\\IEUser',
    IntegrityLevel: 'Medium', CurrentDirectory: 'C:\\Windows\\system32\\', Hashes: 'SHA1=AA', ParentImage: 'C:\\Windows\\System32\\svchost.exe',
    ParentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs', ParentProcessId: '812', ParentProcessGuid: '{g0}', ParentUser: 'NT AUTHORITY\\SYSTEM',
  }, {userSid: 'S-1-5-18'}))
  t.strictSame(facets(e), {
    category: 'process', action: 'process-start',
    user: {domain: 'IEWIN7', name: 'IEUser'},
    process: {
      image: 'C:\\Windows\\System32\\cmd.exe', commandLine: 'cmd.exe /c notepad.exe', pid: 4242, guid: '{g1}', user: 'IEWIN7\\IEUser', integrity: 'Medium',
      currentDirectory: 'C:\\Windows\\system32\\', hashes: 'SHA1=AA', parentImage: 'C:\\Windows\\System32\\svchost.exe',
      parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs', parentPid: 812, parentGuid: '{g0}', parentUser: 'NT AUTHORITY\\SYSTEM',
    },
    message: 'Process started: cmd.exe /c notepad.exe (parent C:\\Windows\\System32\\svchost.exe)',
  })
})

t.test('Sysmon 3, 5, 11, 15, 22', async (t) => {
  t.strictSame(facets(mapWinEvent(rec(SYSMON, SYSMON_CH, 3, {
    Image: 'C:\\p.exe', ProcessId: '5', ProcessGuid: '{g}', User: 'D\\u', Protocol: 'tcp', SourceIp: '10.0.0.5', SourcePort: '50500',
    DestinationIp: '203.0.113.77', DestinationPort: '443', DestinationHostname: 'c2.example.org',
  }))), {
    category: 'network', action: 'network-connection', user: {domain: 'D', name: 'u'},
    network: {protocol: 'tcp', sourceIp: '10.0.0.5', sourcePort: 50500, destinationIp: '203.0.113.77', destinationPort: 443, destinationHost: 'c2.example.org'},
    process: {image: 'C:\\p.exe', pid: 5, guid: '{g}', user: 'D\\u'},
    message: 'Network connection: C:\\p.exe → c2.example.org:443',
  })
  t.strictSame(facets(mapWinEvent(rec(SYSMON, SYSMON_CH, 5, {Image: 'C:\\p.exe', ProcessId: '5', ProcessGuid: '{g}'}))), {
    category: 'process', action: 'process-end', process: {image: 'C:\\p.exe', pid: 5, guid: '{g}'}, message: 'Process ended: C:\\p.exe',
  })
  t.strictSame(facets(mapWinEvent(rec(SYSMON, SYSMON_CH, 11, {Image: 'C:\\w.exe', ProcessId: '9', TargetFilename: 'C:\\Users\\u\\Start Menu\\Programs\\Startup\\a.lnk'}))), {
    category: 'file', action: 'file-create', file: {path: 'C:\\Users\\u\\Start Menu\\Programs\\Startup\\a.lnk', operation: 'create'},
    process: {image: 'C:\\w.exe', pid: 9}, message: 'File created: C:\\Users\\u\\Start Menu\\Programs\\Startup\\a.lnk by C:\\w.exe',
  })
  t.strictSame(facets(mapWinEvent(rec(SYSMON, SYSMON_CH, 15, {
    Image: 'C:\\b.exe', TargetFilename: 'C:\\d\\p.exe:Zone.Identifier', Hash: 'SHA256=CC', Contents: '[ZoneTransfer]  ZoneId=3  HostUrl=https://203.0.113.5/p.exe  ',
  }))), {
    category: 'file', action: 'file-stream-create', file: {path: 'C:\\d\\p.exe:Zone.Identifier', operation: 'create', hashes: 'SHA256=CC'},
    process: {image: 'C:\\b.exe'}, network: {url: 'https://203.0.113.5/p.exe'},
    message: 'File stream created: C:\\d\\p.exe:Zone.Identifier from https://203.0.113.5/p.exe',
  })
  t.strictSame(facets(mapWinEvent(rec(SYSMON, SYSMON_CH, 22, {Image: 'C:\\p.exe', ProcessId: '5', QueryName: 'c2.example.org', QueryResults: '::ffff:203.0.113.77;'}))), {
    category: 'network', action: 'dns-query', network: {destinationHost: 'c2.example.org'}, process: {image: 'C:\\p.exe', pid: 5},
    message: 'DNS query: c2.example.org by C:\\p.exe',
  })
})

t.test('Sysmon 12/13/14 registry: key and value split, data typed', async (t) => {
  const set = (details: string) => mapWinEvent(rec(SYSMON, SYSMON_CH, 13, {
    EventType: 'SetValue', Image: 'C:\\Windows\\regedit.exe', TargetObject: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd', Details: details,
  }))
  t.strictSame(set('C:\\p.exe /q').registry, {key: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', operation: 'set', value: 'upd', data: 'C:\\p.exe /q'})
  t.strictSame(set('DWORD (0x0000002a)').registry, {key: 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', operation: 'set', value: 'upd', type: 'REG_DWORD', data: '42'})
  t.strictSame(set('QWORD (0x00000001-0x00000002)').registry?.data, '4294967298')
  t.strictSame(set('Binary Data').registry?.type, 'REG_BINARY')
  const e13 = set('C:\\p.exe /q')
  t.equal(e13.category, 'registry')
  t.equal(e13.action, 'registry-value-set')
  t.equal(e13.message, 'Registry value set: HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd = C:\\p.exe /q by C:\\Windows\\regedit.exe')
  const create = mapWinEvent(rec(SYSMON, SYSMON_CH, 12, {EventType: 'CreateKey', TargetObject: 'HKLM\\SOFTWARE\\Evil'}))
  t.equal(create.action, 'registry-key-create')
  t.strictSame(create.registry, {key: 'HKLM\\SOFTWARE\\Evil', operation: 'create-key'})
  const del = mapWinEvent(rec(SYSMON, SYSMON_CH, 12, {EventType: 'DeleteKey', TargetObject: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Evil'}))
  t.strictSame([del.action, del.registry], ['registry-key-delete', {key: 'HKLM\\SOFTWARE\\Evil', operation: 'delete-key'}])
  const delValue = mapWinEvent(rec(SYSMON, SYSMON_CH, 12, {EventType: 'DeleteValue', TargetObject: 'HKLM\\SOFTWARE\\Run\\x'}))
  t.strictSame([delValue.action, delValue.registry], ['registry-value-delete', {key: 'HKLM\\SOFTWARE\\Run', operation: 'delete-value', value: 'x'}])
  const rename = mapWinEvent(rec(SYSMON, SYSMON_CH, 14, {EventType: 'RenameKey', TargetObject: 'HKLM\\SOFTWARE\\A', NewName: 'HKLM\\SOFTWARE\\B'}))
  t.strictSame([rename.action, rename.registry], ['registry-key-rename', {key: 'HKLM\\SOFTWARE\\A', operation: 'rename-key', data: 'HKLM\\SOFTWARE\\B'}])
})

t.test('Security 4688: hex pids, subject user, mandatory label', async (t) => {
  const e = mapWinEvent(rec(SEC, 'Security', 4688, {
    SubjectUserSid: 'S-1-5-21-9-1001', SubjectUserName: 'alice', SubjectDomainName: 'CONTOSO', NewProcessId: '0x1a2c', NewProcessName: 'C:\\Windows\\System32\\bitsadmin.exe',
    ProcessId: '0x3e8', CommandLine: 'bitsadmin /create x', TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    MandatoryLabel: 'S-1-16-12288',
  }))
  t.strictSame(facets(e), {
    category: 'process', action: 'process-start', user: {name: 'alice', domain: 'CONTOSO', sid: 'S-1-5-21-9-1001'},
    process: {image: 'C:\\Windows\\System32\\bitsadmin.exe', commandLine: 'bitsadmin /create x', pid: 6700, user: 'CONTOSO\\alice', integrity: 'High', parentImage: 'C:\\Windows\\System32\\cmd.exe', parentPid: 1000},
    message: 'Process started: bitsadmin /create x (parent C:\\Windows\\System32\\cmd.exe)',
  })
  const asTarget = mapWinEvent(rec(SEC, 'Security', 4688, {
    SubjectUserName: 'WS01$', SubjectDomainName: 'CONTOSO', TargetUserName: 'bob', TargetDomainName: 'CONTOSO', TargetUserSid: 'S-1-5-21-9-1002', NewProcessName: 'C:\\x.exe',
  }))
  t.strictSame(asTarget.user, {name: 'bob', domain: 'CONTOSO', sid: 'S-1-5-21-9-1002'})
  t.strictSame(asTarget.process, {image: 'C:\\x.exe', user: 'CONTOSO\\bob', parentUser: 'CONTOSO\\WS01$'})
})

t.test('Security 4697 service install with coded types', async (t) => {
  const e = mapWinEvent(rec(SEC, 'Security', 4697, {
    SubjectUserName: 'alice', SubjectDomainName: 'CONTOSO', SubjectUserSid: 'S-1-5-21-9-1001', ServiceName: 'updsvc', ServiceFileName: 'C:\\ProgramData\\u.exe',
    ServiceType: '0x10', ServiceStartType: '2', ServiceAccount: 'LocalSystem',
  }))
  t.strictSame(facets(e), {
    category: 'service', action: 'service-installed', user: {name: 'alice', domain: 'CONTOSO', sid: 'S-1-5-21-9-1001'},
    service: {name: 'updsvc', imagePath: 'C:\\ProgramData\\u.exe', serviceType: 'user mode service', startType: 'auto start', account: 'LocalSystem'},
    message: 'Service installed: updsvc → C:\\ProgramData\\u.exe',
  })
})

const TASK_XML = '<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">' +
  '<Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers><Settings><Hidden>true</Hidden></Settings>' +
  '<Actions Context="Author"><Exec><Command>C:\\Windows\\System32\\bitsadmin.exe</Command><Arguments>/resume j</Arguments></Exec></Actions></Task>'

t.test('Security 4698-4702 tasks: TaskContent read by the task XML parser', async (t) => {
  const base = {SubjectUserName: 'alice', SubjectDomainName: 'CONTOSO', SubjectUserSid: 'S-1-5-21-9-1001', TaskName: '\\Updater'}
  const e = mapWinEvent(rec(SEC, 'Security', 4698, {...base, TaskContent: TASK_XML}))
  t.strictSame(facets(e), {
    category: 'task', action: 'task-registered', user: {name: 'alice', domain: 'CONTOSO', sid: 'S-1-5-21-9-1001'},
    task: {triggers: [{type: 'Logon', enabled: true}], actions: [{type: 'exec', command: 'C:\\Windows\\System32\\bitsadmin.exe', arguments: '/resume j'}], hidden: true, path: '\\Updater'},
    message: 'Scheduled task registered: \\Updater by CONTOSO\\alice',
  })
  const updated = mapWinEvent(rec(SEC, 'Security', 4702, {...base, TaskContentNew: TASK_XML}))
  t.equal(updated.action, 'task-updated')
  t.strictSame(updated.task?.actions, [{type: 'exec', command: 'C:\\Windows\\System32\\bitsadmin.exe', arguments: '/resume j'}])
  for (const [id, action] of [[4699, 'task-deleted'], [4700, 'task-enabled'], [4701, 'task-disabled']] as const) {
    const ev = mapWinEvent(rec(SEC, 'Security', id, base))
    t.strictSame([ev.category, ev.action, ev.task], ['task', action, {triggers: [], actions: [], path: '\\Updater'}], `${id}`)
  }
  const custom = mapWinEvent(rec(SEC, 'Security', 4698, {...base, TaskContent: '<x/>'}), {parseTaskXml: (xml, path): TaskFacet => ({triggers: [], actions: [{type: 'message', body: xml}], path: `${path}!`})})
  t.strictSame(custom.task, {triggers: [], actions: [{type: 'message', body: '<x/>'}], path: '\\Updater'})
  const issues: string[] = []
  const damaged = mapWinEvent(rec(SEC, 'Security', 4698, {...base, TaskContent: '<Task><Actions><Exec><Command>a.exe'}), {issue: (s, r) => issues.push(`${s}: ${r}`)})
  t.equal(damaged.task?.path, '\\Updater')
  t.ok(issues.length > 0 && issues.every((i) => i.includes('TaskContent of task \\Updater')), 'damaged TaskContent is reported')
})

t.test('Security logons and 1102', async (t) => {
  const logon = mapWinEvent(rec(SEC, 'Security', 4624, {
    SubjectUserSid: 'S-1-5-18', TargetUserSid: 'S-1-5-21-9-1002', TargetUserName: 'bob', TargetDomainName: 'CONTOSO', LogonType: '3', IpAddress: '192.0.2.44', IpPort: '50122',
    ProcessName: 'C:\\Windows\\System32\\lsass.exe', ProcessId: '0x2a4',
  }))
  t.strictSame(facets(logon), {
    category: 'authentication', action: 'logon', user: {name: 'bob', domain: 'CONTOSO', sid: 'S-1-5-21-9-1002'},
    network: {sourceIp: '192.0.2.44', sourcePort: 50122}, process: {image: 'C:\\Windows\\System32\\lsass.exe', pid: 676},
    message: 'Logon (type 3): CONTOSO\\bob from 192.0.2.44',
  })
  const failed = mapWinEvent(rec(SEC, 'Security', 4625, {TargetUserName: 'administrator', TargetDomainName: 'CONTOSO', TargetUserSid: 'S-1-0-0', LogonType: '3', IpAddress: '-', ProcessName: '-'}))
  t.strictSame(facets(failed), {category: 'authentication', action: 'logon-failed', user: {name: 'administrator', domain: 'CONTOSO'}, message: 'Failed logon (type 3): CONTOSO\\administrator'})
  const logoff = mapWinEvent(rec(SEC, 'Security', 4634, {TargetUserName: 'bob', TargetDomainName: 'CONTOSO', TargetUserSid: 'S-1-5-21-9-1002', LogonType: '3'}))
  t.strictSame([logoff.category, logoff.action, logoff.message], ['authentication', 'logoff', 'Logoff (type 3): CONTOSO\\bob'])
  const cleared = mapWinEvent(rec('Microsoft-Windows-Eventlog', 'Security', 1102, {SubjectUserSid: 'S-1-5-21-9-500', SubjectUserName: 'Administrator', SubjectDomainName: 'CONTOSO'}))
  t.strictSame(facets(cleared), {category: 'other', action: 'log-cleared', user: {name: 'Administrator', domain: 'CONTOSO', sid: 'S-1-5-21-9-500'}, message: 'Security log cleared by CONTOSO\\Administrator'})
})

t.test('System 7045, 7036, 7040', async (t) => {
  const scm = 'Service Control Manager'
  const e = mapWinEvent(rec(scm, 'System', 7045, {ServiceName: 'updsvc', ImagePath: '%COMSPEC% /c p.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem'}, {userSid: 'S-1-5-21-9-1001'}))
  t.strictSame(facets(e), {
    category: 'service', action: 'service-installed', user: {sid: 'S-1-5-21-9-1001'},
    service: {name: 'updsvc', imagePath: '%COMSPEC% /c p.exe', serviceType: 'user mode service', startType: 'demand start', account: 'LocalSystem'},
    message: 'Service installed: updsvc → %COMSPEC% /c p.exe as LocalSystem',
  })
  t.strictSame(facets(mapWinEvent(rec(scm, 'System', 7036, {param1: 'Background Intelligent Transfer Service', param2: 'running'}))), {
    category: 'service', action: 'service-state-changed', service: {displayName: 'Background Intelligent Transfer Service'},
    message: 'Service Background Intelligent Transfer Service entered the running state',
  })
  t.strictSame(facets(mapWinEvent(rec(scm, 'System', 7040, {param1: 'Background Intelligent Transfer Service', param2: 'demand start', param3: 'auto start', param4: 'BITS'}))), {
    category: 'service', action: 'service-start-type-changed', service: {displayName: 'Background Intelligent Transfer Service', startType: 'auto start', name: 'BITS'},
    message: 'Service Background Intelligent Transfer Service start type changed from demand start to auto start',
  })
})

t.test('Bits-Client 3 (Windows 10 and Windows 7 names), 4, 5', async (t) => {
  const win10 = mapWinEvent(rec(BITS, BITS_CH, 3, {jobTitle: 'upd', jobId: '{J1}', jobOwner: 'CONTOSO\\alice', processPath: 'C:\\Windows\\System32\\bitsadmin.exe', processId: '5120'}, {userSid: 'S-1-5-21-9-1001'}))
  t.strictSame(facets(win10), {
    category: 'bits', action: 'bits-job-created', user: {domain: 'CONTOSO', name: 'alice', sid: 'S-1-5-21-9-1001'},
    bits: {id: '{J1}', title: 'upd', owner: 'CONTOSO\\alice', creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe', creatingPid: 5120},
    message: 'BITS job created: upd by C:\\Windows\\System32\\bitsadmin.exe',
  })
  const win7 = mapWinEvent(rec(BITS, BITS_CH, 3, {string: 'backdoor', string2: 'IEWIN7\\IEUser', string3: '1'}))
  t.strictSame(facets(win7), {category: 'bits', action: 'bits-job-created', user: {domain: 'IEWIN7', name: 'IEUser'}, bits: {title: 'backdoor', owner: 'IEWIN7\\IEUser'}, message: 'BITS job created: backdoor'})
  const done = mapWinEvent(rec(BITS, BITS_CH, 4, {User: 'CONTOSO\\alice', jobTitle: 'upd', jobId: '{J1}', jobOwner: 'CONTOSO\\alice', fileCount: '1', bytesTransferred: '73802', bytesTransferredFromPeer: '0'}))
  t.strictSame(done.bits, {id: '{J1}', title: 'upd', owner: 'CONTOSO\\alice', fileCount: 1, bytesTransferred: 73802})
  t.equal(done.action, 'bits-job-completed')
  const cancelled = mapWinEvent(rec(BITS, BITS_CH, 5, {User: 'CONTOSO\\alice', jobTitle: 'upd', jobId: '{J1}', jobOwner: 'CONTOSO\\alice', fileCount: '1'}))
  t.strictSame([cancelled.action, cancelled.bits], ['bits-job-cancelled', {id: '{J1}', title: 'upd', owner: 'CONTOSO\\alice', fileCount: 1}])
})

t.test('Bits-Client 59, 60, 61 transfers with hresult; 63/64 notify; 16403 file names', async (t) => {
  const started = mapWinEvent(rec(BITS, BITS_CH, 59, {transferId: '{T}', name: 'upd', Id: '{J1}', url: 'https://203.0.113.5/p.exe', peer: '', fileTime: 'x', fileLength: '100', bytesTotal: '100', bytesTransferred: '0'}))
  t.strictSame(facets(started), {
    category: 'bits', action: 'bits-transfer-started',
    bits: {id: '{J1}', title: 'upd', files: [{url: 'https://203.0.113.5/p.exe', bytesTotal: 100, bytesTransferred: 0}], bytesTransferred: 0, bytesTotal: 100},
    network: {url: 'https://203.0.113.5/p.exe'}, message: 'BITS transfer started: upd https://203.0.113.5/p.exe',
  })
  const stopped = mapWinEvent(rec(BITS, BITS_CH, 60, {name: 'backdoor', url: 'C:\\Windows\\system32\\cmd.exe', bytesTotal: '18446744073709551615', bytesTransferred: '0', hr: '0'}))
  t.strictSame(facets(stopped), {
    category: 'bits', action: 'bits-transfer-stopped',
    bits: {title: 'backdoor', files: [{url: 'C:\\Windows\\system32\\cmd.exe', bytesTransferred: 0}], bytesTransferred: 0, hresult: '0x00000000'},
    message: 'BITS transfer stopped: backdoor C:\\Windows\\system32\\cmd.exe',
  })
  const error = mapWinEvent(rec(BITS, BITS_CH, 61, {name: 'upd', url: 'http://x/a', hr: '-2145844844'}))
  t.equal(error.action, 'bits-transfer-error')
  t.equal(error.bits?.hresult, '0x80190194')
  t.equal(mapWinEvent(rec(BITS, BITS_CH, 61, {name: 'upd', url: 'http://x/a', hr: '0x80070005'})).bits?.hresult, '0x80070005')
  const notify = mapWinEvent(rec(BITS, BITS_CH, 63, {jobTitle: 'upd', jobId: '{J1}', jobOwner: 'CONTOSO\\alice', notifyCmdLine: 'cmd.exe /c p.exe'}))
  t.strictSame([notify.action, notify.bits], ['bits-notify-failed', {id: '{J1}', title: 'upd', owner: 'CONTOSO\\alice', notifyCommandLine: 'cmd.exe /c p.exe'}])
  t.equal(mapWinEvent(rec(BITS, BITS_CH, 64, {jobTitle: 'upd'})).action, 'bits-notify-not-started')
  const details = mapWinEvent(rec(BITS, BITS_CH, 16403, {jobTitle: 'upd', jobId: '{J1}', jobOwner: 'CONTOSO\\alice', RemoteName: 'https://203.0.113.5/p.exe', LocalName: 'C:\\Users\\Public\\p.exe'}))
  t.strictSame(facets(details), {
    category: 'bits', action: 'bits-file-details', user: {domain: 'CONTOSO', name: 'alice'},
    bits: {id: '{J1}', title: 'upd', owner: 'CONTOSO\\alice', files: [{url: 'https://203.0.113.5/p.exe', local: 'C:\\Users\\Public\\p.exe'}]},
    network: {url: 'https://203.0.113.5/p.exe'}, message: 'BITS file transfer: upd https://203.0.113.5/p.exe → C:\\Users\\Public\\p.exe',
  })
})

t.test('TaskScheduler operational 106, 140, 141, 129, 200, 201', async (t) => {
  t.strictSame(facets(mapWinEvent(rec(TS, TS_CH, 106, {TaskName: '\\K', UserContext: 'CONTOSO\\alice'}))), {
    category: 'task', action: 'task-registered', task: {triggers: [], actions: [], path: '\\K'}, user: {domain: 'CONTOSO', name: 'alice'}, message: 'Scheduled task registered: \\K',
  })
  t.strictSame([140, 141].map((id) => mapWinEvent(rec(TS, TS_CH, id, {TaskName: '\\K', UserName: 'CONTOSO\\alice'})).action), ['task-updated', 'task-deleted'])
  t.strictSame(facets(mapWinEvent(rec(TS, TS_CH, 129, {TaskName: '\\K', Path: 'C:\\Windows\\System32\\cmd.exe', ProcessID: '4444', Priority: '16384'}))), {
    category: 'task', action: 'task-process-created', task: {triggers: [], actions: [], path: '\\K'}, process: {image: 'C:\\Windows\\System32\\cmd.exe', pid: 4444},
    message: 'Scheduled task launched a process: \\K (C:\\Windows\\System32\\cmd.exe)',
  })
  t.strictSame(facets(mapWinEvent(rec(TS, TS_CH, 200, {TaskName: '\\K', ActionName: 'C:\\Windows\\System32\\cmd.exe', TaskInstanceId: '{I}', EnginePID: '1'}))), {
    category: 'task', action: 'task-action-started', task: {triggers: [], actions: [{type: 'exec', command: 'C:\\Windows\\System32\\cmd.exe'}], path: '\\K'},
    message: 'Scheduled task action started: \\K (C:\\Windows\\System32\\cmd.exe)',
  })
  const done = mapWinEvent(rec(TS, TS_CH, 201, {TaskName: '\\K', ActionName: 'C:\\Windows\\System32\\cmd.exe', ResultCode: '2147942402'}))
  t.strictSame([done.action, done.message], ['task-action-completed', 'Scheduled task action completed: \\K (C:\\Windows\\System32\\cmd.exe) result 2147942402'])
})

t.test('PowerShell 4104, 4103, 800', async (t) => {
  const sb = mapWinEvent(rec('Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 4104, {ScriptBlockText: 'Start-BitsTransfer\n -Source http://x/a', ScriptBlockId: 'b'}))
  t.strictSame(facets(sb), {category: 'process', action: 'powershell-script-block', message: 'PowerShell script block: Start-BitsTransfer -Source http://x/a'})
  t.equal(sb.data?.ScriptBlockText, 'Start-BitsTransfer\n -Source http://x/a')
  const module = mapWinEvent(rec('Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 4103, {
    ContextInfo: '        Severity = Informational\r\n        Host Application = powershell.exe -nop -c iex x\r\n', Payload: 'CommandInvocation(Invoke-Expression): "Invoke-Expression"',
  }))
  t.strictSame(facets(module), {category: 'process', action: 'powershell-pipeline', process: {commandLine: 'powershell.exe -nop -c iex x'}, message: 'PowerShell pipeline: CommandInvocation(Invoke-Expression): "Invoke-Expression"'})
  const classic = mapWinEvent(rec('PowerShell', 'Windows PowerShell', 800, {Data: 'Start-BitsTransfer a', Data1: '\tHostName=ConsoleHost\r\n\tHostApplication=powershell.exe -ep bypass\r\n\tEngineVersion=5.1'}))
  t.strictSame(facets(classic), {category: 'process', action: 'powershell-pipeline', process: {commandLine: 'powershell.exe -ep bypass'}, message: 'PowerShell pipeline: Start-BitsTransfer a'})
})

t.test('unknown events stay as other with their data; provider found from the channel', async (t) => {
  const e = mapWinEvent(rec('Some-Provider', 'Application', 1000, {a: 'b'}, {userSid: 'S-1-5-21-9-7'}))
  t.strictSame(facets(e), {category: 'other', action: 'event-1000', user: {sid: 'S-1-5-21-9-7'}, message: 'Some-Provider event 1000'})
  t.strictSame(e.data, {a: 'b'})
  const byChannel = mapWinEvent(rec('', 'Microsoft-Windows-Bits-Client/Operational', 3, {jobTitle: 'x'}))
  t.equal(byChannel.action, 'bits-job-created')
  t.equal(byChannel.provider, undefined)
})
