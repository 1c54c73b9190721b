import t from 'tap'
import {analyze, loadRules} from '../../src/analyzers/index.js'
import {bitsClient, listedJob, security4688, sysmonProcess, win7NotifyLaunches} from './fixtures/events.js'

const rules = loadRules()
const SVC10 = {parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS'}

t.test('Windows 7: notify children of svchost -k netsvcs are high, wmiadap as SYSTEM is not reported', async t => {
  const r = await analyze(win7NotifyLaunches(), {rules})
  t.same(
    r.findings.map(f => [f.rule, f.severity, f.techniques, f.evidence[0]!.record, f.user]),
    [
      ['bits-notify-launch', 'high', ['T1197'], 2, 'IEWIN7\\IEUser'],
      ['bits-notify-launch', 'high', ['T1197'], 3, 'IEWIN7\\IEUser'],
    ],
  )
  t.equal(r.findings[0]!.title, 'BITS notify command launched cmd.exe')
  t.equal(r.findings[0]!.fields?.bitsHost, 'shared-netsvcs')
  t.match(r.findings[0]!.fields?.reasons, /interactive user IEWIN7\\IEUser; command line does not start with its image \(BITS passes .*\); cmd\.exe is a script host or LOLBin/)
  t.same(r.findings[1]!.indicators.urls, ['https://raw.githubusercontent.com/3gstudent/sctpersistence/master/calc.sct'])
  t.equal(r.incidents.length, 1)
  t.equal(r.incidents[0]!.severity, 'high')
  t.same(r.incidents[0]!.findings, r.findings.map(f => f.id))
  t.equal(r.incidents[0]!.title, 'BITS notify launch: cmd.exe, regsvr32.exe as IEWIN7\\IEUser')
  const steps = r.incidents[0]!.nextSteps
  t.ok(steps.includes('Find the BITS job of IEWIN7\\IEUser whose NOTIFICATION COMMAND LINE runs C:\\Windows\\System32\\cmd.exe "/c notepad.exe" in the listing, then cancel it by its GUID: bitsadmin /cancel {GUID}.'))
  t.ok(steps.some(s => s.includes('domain raw.githubusercontent.com')), 'blocks the host, not all of githubusercontent.com')
})

t.test('Windows 10: any unusual child of the -s BITS svchost; other netsvcs services are not BITS', async t => {
  const events = [
    sysmonProcess(1, '2024-01-01T10:00:00Z', {image: 'C:\\Users\\Public\\update.exe', commandLine: '"C:\\Users\\Public\\update.exe"', user: 'NT AUTHORITY\\SYSTEM', ...SVC10}, {host: 'WIN10'}),
    sysmonProcess(2, '2024-01-01T10:00:01Z', {image: 'C:\\Windows\\System32\\WerFault.exe', commandLine: 'C:\\Windows\\system32\\WerFault.exe -u -p 1200 -s 400', user: 'NT AUTHORITY\\SYSTEM', ...SVC10}, {host: 'WIN10'}),
    sysmonProcess(3, '2024-01-01T10:00:02Z', {image: 'C:\\Windows\\System32\\consent.exe', commandLine: 'consent.exe 896 398 000002806443AF40', user: 'NT AUTHORITY\\SYSTEM', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Appinfo'}, {host: 'WIN10'}),
    sysmonProcess(4, '2024-01-01T10:00:03Z', {image: 'C:\\Windows\\System32\\cmd.exe', commandLine: 'C:\\Windows\\SYSTEM32\\cmd.exe /c ""C:\\Program Files\\Npcap\\CheckStatus.bat""', user: 'NT AUTHORITY\\SYSTEM', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'}, {host: 'WIN10'}),
    sysmonProcess(5, '2024-01-01T10:00:04Z', {image: 'C:\\Tools\\agent.exe', commandLine: 'C:\\Tools\\agent.exe', user: 'NT AUTHORITY\\SYSTEM', ...SVC10}, {host: 'WIN10'}),
  ]
  const r = await analyze(events, {rules})
  t.same(r.findings.map(f => [f.evidence[0]!.record, f.severity]), [
    [1, 'high'],
    [5, 'medium'],
  ])
})

t.test('Windows 7 taskeng.exe and service children as SYSTEM stay unreported', async t => {
  const parent = {parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs'}
  const r = await analyze(
    [
      sysmonProcess(1, '2019-05-13T18:00:00Z', {image: 'C:\\Windows\\System32\\taskeng.exe', commandLine: 'taskeng.exe {1D0A4F3C-0000-0000-0000-000000000000} S-1-5-21-1-2-3-1000:IEWIN7\\IEUser:Interactive:LUA[1]', user: 'IEWIN7\\IEUser', ...parent}),
      sysmonProcess(2, '2019-05-13T18:00:01Z', {image: 'C:\\Windows\\System32\\wuauclt.exe', commandLine: '"C:\\Windows\\system32\\wuauclt.exe" /RunHandlerComServer', user: 'NT AUTHORITY\\SYSTEM', ...parent}),
    ],
    {rules},
  )
  t.same(r.findings, [])
})

t.test('Security 4688: no parent command line; the BITS host is known by PID, timing by Bits-Client events', async t => {
  const events = [
    sysmonProcess(1, '2024-02-01T09:00:00Z', {image: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS', pid: 1500, user: 'NT AUTHORITY\\SYSTEM'}, {host: 'WIN10'}),
    bitsClient(10, '2024-02-01T09:10:00Z', 4, {id: '{11111111-2222-3333-4444-555555555555}', title: 'upd', owner: 'CORP\\carol'}, {host: 'WIN10'}),
    security4688(20, '2024-02-01T09:10:02Z', {image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', commandLine: '-nop -w hidden -c iex(1)', user: 'CORP\\carol', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentPid: 1500}),
    security4688(21, '2024-02-01T09:10:03Z', {image: 'C:\\Windows\\System32\\rundll32.exe', commandLine: 'rundll32.exe C:\\Windows\\system32\\x.dll,Y', user: 'NT AUTHORITY\\SYSTEM', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentPid: 900}),
    security4688(22, '2024-02-01T11:00:00Z', {image: 'C:\\Users\\carol\\AppData\\Local\\Temp\\x.exe', commandLine: '/silent', user: 'CORP\\carol', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentPid: 900}),
  ]
  const r = await analyze(events, {rules})
  const launches = r.findings.filter(f => f.rule === 'bits-notify-launch')
  t.same(launches.map(f => [f.evidence[0]!.record, f.severity, f.fields?.bitsHost]), [
    [20, 'high', 'dedicated'],
    [22, 'medium', 'unknown'],
  ])
  t.match(launches[0]!.fields?.reasons, /known BITS svchost \(by PID\).*within 10 min after BITS job activity \('upd'\)/)
  t.same(launches[0]!.indicators.jobIds, ['{11111111-2222-3333-4444-555555555555}'])
})

t.test('seed rule alone (parent args contain BITS) feeds the analyzer', async t => {
  const r = await analyze([sysmonProcess(1, '2024-01-01T00:00:00Z', {image: 'C:\\Windows\\System32\\notepad.exe', commandLine: 'notepad.exe', user: 'CORP\\dave', parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'svchost.exe -k BITSGroup'})], {rules})
  t.same(r.findings.map(f => [f.rule, f.severity, f.fields?.bitsHost]), [['bits-notify-launch', 'high', 'dedicated']])
})

t.test('Bits-Client life cycle: Windows 7 jobs joined by title, local-path URL is high', async t => {
  const owner = 'IEWIN7\\IEUser'
  const file = {url: 'C:\\Windows\\system32\\cmd.exe', bytesTotal: 302592}
  const events = [
    bitsClient(3815, '2019-05-12T18:02:05.2151977Z', 3, {title: 'backdoor', owner}),
    bitsClient(3817, '2019-05-12T18:04:50.1214477Z', 59, {id: '{B35C4A1D-4425-45BE-92D1-B67183AE222F}', title: 'backdoor', files: [file]}),
    bitsClient(3818, '2019-05-12T18:04:50.1370727Z', 60, {id: '{B35C4A1D-4425-45BE-92D1-B67183AE222F}', title: 'backdoor', files: [file], hresult: '0x00000000'}),
    bitsClient(3825, '2019-05-13T14:50:01.9990511Z', 3, {title: 'hola', owner}),
    bitsClient(3827, '2019-05-13T14:50:59.3896761Z', 59, {id: '{51607467-5AB5-4DCB-AAF0-FB92C997C0BD}', title: 'hola', files: [file]}),
    bitsClient(3828, '2019-05-13T14:50:59.4053011Z', 60, {id: '{51607467-5AB5-4DCB-AAF0-FB92C997C0BD}', title: 'hola', files: [file]}),
  ]
  const r = await analyze(events, {rules})
  t.same(
    r.findings.map(f => [f.rule, f.severity, f.techniques, f.title, f.evidence.map(e => e.record), f.user]),
    [
      ['bits-job', 'high', ['T1197'], "BITS job 'backdoor': local path as URL (C:\\Windows\\system32\\cmd.exe)", [3815, 3817, 3818], owner],
      ['bits-job', 'high', ['T1197'], "BITS job 'hola': local path as URL (C:\\Windows\\system32\\cmd.exe)", [3825, 3827, 3828], owner],
    ],
  )
  t.equal(r.findings[0]!.fields?.['bits.id'], '{B35C4A1D-4425-45BE-92D1-B67183AE222F}')
  t.equal(r.findings[0]!.fields?.outcome, 'transfer stopped')
  t.same(r.incidents.map(i => i.title), ["BITS job persistence: job 'backdoor' → cmd.exe", "BITS job persistence: job 'hola' → cmd.exe"])
  t.ok(r.incidents[0]!.nextSteps.includes("Record the notify command of BITS job 'backdoor' {B35C4A1D-4425-45BE-92D1-B67183AE222F} (bitsadmin /getnotifycmdline {B35C4A1D-4425-45BE-92D1-B67183AE222F}), then cancel it: bitsadmin /cancel {B35C4A1D-4425-45BE-92D1-B67183AE222F} (as its owner or an administrator)."))
})

t.test('Bits-Client: creators, payloads, notify failure and the allow-list', async t => {
  const id = (n: number): string => `{00000000-0000-0000-0000-00000000000${n}}`
  const events = [
    bitsClient(1, '2024-01-01T00:00:00Z', 3, {id: id(1), title: 'Chrome Component Updater', owner: 'NT AUTHORITY\\SYSTEM', creatingProcess: 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe'}, {host: 'H'}),
    bitsClient(2, '2024-01-01T00:00:01Z', 59, {id: id(1), title: 'Chrome Component Updater', files: [{url: 'http://edgedl.me.gvt1.com/edgedl/release2/chrome_component/x.crx3'}]}, {host: 'H'}),
    bitsClient(3, '2024-01-01T00:00:02Z', 4, {id: id(1), title: 'Chrome Component Updater', owner: 'NT AUTHORITY\\SYSTEM'}, {host: 'H'}),
    bitsClient(4, '2024-01-01T00:01:00Z', 3, {id: id(2), title: 'Chrome Component Updater', owner: 'CORP\\eve', creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe'}, {host: 'H'}),
    bitsClient(5, '2024-01-01T00:01:01Z', 59, {id: id(2), title: 'Chrome Component Updater', files: [{url: 'http://203.0.113.5/p.exe'}]}, {host: 'H'}),
    bitsClient(6, '2024-01-01T00:02:00Z', 3, {id: id(3), title: 'upd', owner: 'CORP\\eve', creatingProcess: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'}, {host: 'H'}),
    bitsClient(7, '2024-01-01T00:02:30Z', 63, {id: id(3), title: 'upd', notifyCommandLine: 'C:\\Users\\eve\\AppData\\Roaming\\u.exe'}, {host: 'H'}),
    bitsClient(10, '2024-01-01T00:02:40Z', 3, {id: id(5), title: 'Chrome Component Updater', owner: 'CORP\\eve', creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe'}, {host: 'H'}),
    bitsClient(11, '2024-01-01T00:02:41Z', 59, {id: id(5), title: 'Chrome Component Updater', files: [{url: 'http://edgedl.me.gvt1.com/edgedl/x.exe', local: 'C:\\Users\\eve\\AppData\\Local\\Temp\\x.exe'}]}, {host: 'H'}),
    bitsClient(8, '2024-01-01T00:03:00Z', 3, {id: id(4), title: 'Microsoft Edge Update', owner: 'NT AUTHORITY\\SYSTEM', creatingProcess: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe'}, {host: 'H'}),
    bitsClient(9, '2024-01-01T00:03:01Z', 59, {id: id(4), title: 'Microsoft Edge Update', files: [{url: 'http://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/abc?P1=1', local: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\Download\\x.exe'}]}, {host: 'H'}),
  ]
  const r = await analyze(events, {rules})
  t.same(
    r.findings.map(f => [f.fields?.['bits.id'], f.severity, f.fields?.allowListed ?? '-']),
    [
      [id(1), 'info', 'Google Chrome update'],
      [id(2), 'medium', '-'],
      [id(3), 'high', '-'],
      [id(5), 'medium', '-'],
      [id(4), 'info', 'Microsoft Edge Update'],
    ],
  )
  t.same(r.findings[1]!.techniques, ['T1105', 'T1197'])
  t.match(r.findings[1]!.fields?.reasons, /raw IP address.*script or binary payload.*created by bitsadmin\.exe/)
  t.match(r.findings[2]!.fields?.reasons, /notify program that failed/)
})

t.test('bitsadmin listings: notify command high even when allow-listed; benign ≤ low; long-lived errors', async t => {
  const events = [
    listedJob(10, {id: '{AAAAAAAA-0000-0000-0000-000000000001}', title: 'Chrome Component Updater', owner: 'NT AUTHORITY\\SYSTEM', state: 'TRANSFERRED', creatingProcess: 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe', files: [{url: 'http://dl.google.com/x.crx3', local: 'C:\\Program Files (x86)\\Google\\x.crx3'}], notifyCommandLine: '"C:\\Users\\Public\\svc.exe" run', created: '2024-01-01T00:00:00Z'}, {host: 'WS9'}),
    listedJob(40, {id: '{AAAAAAAA-0000-0000-0000-000000000002}', title: 'Chrome Component Updater', owner: 'NT AUTHORITY\\SYSTEM', state: 'TRANSFERRED', creatingProcess: 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe', files: [{url: 'http://dl.google.com/y.crx3', local: 'C:\\Program Files (x86)\\Google\\y.crx3'}], notifyCommandLine: 'none', created: '2024-01-01T00:00:00Z'}, {host: 'WS9'}),
    listedJob(70, {id: '{AAAAAAAA-0000-0000-0000-000000000003}', title: 'stale', owner: 'CORP\\frank', state: 'ERROR', files: [{url: 'https://intranet.corp.test/a.txt', local: 'D:\\data\\a.txt'}], created: '2024-01-01T00:00:00Z', modified: '2024-02-01T00:00:00Z', errorCount: 3}, {host: 'WS9'}),
    listedJob(90, {id: '{AAAAAAAA-0000-0000-0000-000000000004}', title: 'retry', owner: 'CORP\\frank', state: 'SUSPENDED', files: [{url: 'https://intranet.corp.test/b.txt', local: 'D:\\data\\b.txt'}], noProgressTimeoutSeconds: 99999999, created: '2024-01-01T00:00:00Z'}, {host: 'WS9'}),
  ]
  const r = await analyze(events, {rules})
  t.same(
    r.findings.map(f => [f.rule, f.fields?.['bits.title'], f.severity, f.evidence[0]!.line]),
    [
      ['bits-job-listed', 'Chrome Component Updater', 'high', 10],
      ['bits-job-listed', 'retry', 'medium', 90],
      ['bits-job-listed', 'stale', 'low', 70],
      ['bits-job-listed', 'Chrome Component Updater', 'info', 40],
    ],
  )
  t.equal(r.findings[0]!.title, "BITS job 'Chrome Component Updater' with a notify command")
  t.equal(r.findings[0]!.fields?.allowListed, 'Google Chrome update')
  t.match(r.findings[2]!.fields?.reasons, /ERROR for 31 days/)
})

t.test('Windows 10 1607: Task Scheduler children of the shared netsvcs host are not notify launches', async t => {
  const parent = {parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs'}
  const user = 'DESKTOP-2KGM189\\tony'
  const r = await analyze([
    sysmonProcess(1, '2018-01-01T10:00:00Z', {image: 'C:\\Users\\tony\\AppData\\Local\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe', commandLine: 'C:\\Users\\tony\\AppData\\Local\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe', user, ...parent}, {host: 'D'}),
    sysmonProcess(2, '2018-01-01T10:00:01Z', {image: 'C:\\Windows\\SysWOW64\\Macromed\\Flash\\FlashUtil32_28_0_0_126_pepper.exe', commandLine: 'C:\\Windows\\SysWOW64\\Macromed\\Flash\\FlashUtil32_28_0_0_126_pepper.exe -check pepperplugin', user, ...parent}, {host: 'D'}),
    sysmonProcess(3, '2018-01-01T10:00:02Z', {image: 'C:\\Windows\\System32\\AppHostRegistrationVerifier.exe', commandLine: 'C:\\Windows\\system32\\AppHostRegistrationVerifier.exe', user, ...parent}, {host: 'D'}),
    sysmonProcess(4, '2018-01-01T10:00:03Z', {image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', commandLine: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -File C:\\Scripts\\inventory.ps1', user, ...parent}, {host: 'D'}),
    sysmonProcess(5, '2018-01-01T10:00:04Z', {image: 'C:\\Users\\tony\\Downloads\\tool.exe', commandLine: 'C:\\Users\\tony\\Downloads\\tool.exe', user, ...parent}, {host: 'D'}),
  ], {rules})
  t.same(r.findings.map(f => [f.evidence[0]!.record, f.severity]), [
    [4, 'medium'],
    [5, 'medium'],
  ])
})

t.test('timing only counts BITS jobs of the launching user (owners resolved from job ids)', async t => {
  const parent = {parentImage: 'C:\\Windows\\System32\\svchost.exe', parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs'}
  const other = '{00000000-0000-0000-0000-0000000000F1}'
  const mine = '{00000000-0000-0000-0000-0000000000F2}'
  const events = [
    bitsClient(1, '2024-01-01T10:00:00Z', 3, {id: other, title: 'Font Download', owner: 'NT AUTHORITY\\LOCAL SERVICE'}, {host: 'H'}),
    bitsClient(2, '2024-01-01T10:00:01Z', 60, {id: other, title: 'Font Download', files: [{url: 'http://fs.microsoft.com/x.json'}]}, {host: 'H'}),
    sysmonProcess(3, '2024-01-01T10:00:02Z', {image: 'C:\\Tools\\viewer.exe', commandLine: 'C:\\Tools\\viewer.exe', user: 'CORP\\gina', ...parent}, {host: 'H'}),
    bitsClient(4, '2024-01-01T11:00:00Z', 3, {id: mine, title: 'sync', owner: 'CORP\\gina'}, {host: 'H'}),
    bitsClient(5, '2024-01-01T11:00:01Z', 4, {id: mine, title: 'sync'}, {host: 'H'}),
    sysmonProcess(6, '2024-01-01T11:00:02Z', {image: 'C:\\Tools\\viewer.exe', commandLine: 'C:\\Tools\\viewer.exe', user: 'CORP\\gina', ...parent}, {host: 'H'}),
  ]
  const r = await analyze(events, {rules})
  const launches = r.findings.filter(f => f.rule === 'bits-notify-launch')
  t.same(launches.map(f => [f.evidence[0]!.record, f.severity, f.indicators.jobIds]), [[6, 'high', [mine.toLowerCase()]]])
})

t.test('listed jobs: service-profile targets are not user-writable; incident named after the notify program', async t => {
  const r = await analyze([
    listedJob(30, {id: '{A3C5E7F9-1B2D-4F6A-8C0E-2D4F6A8C0E13}', title: 'Font Download', owner: 'NT AUTHORITY\\LOCAL SERVICE', state: 'TRANSFERRED', files: [{url: 'http://fs.microsoft.com/fs/windows/config.json', local: 'C:\\Windows\\ServiceProfiles\\LocalService\\AppData\\Local\\FontCache\\config.json'}]}),
    listedJob(51, {id: '{7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44}', title: 'updsvc', owner: 'CONTOSO\\j.doe', state: 'TRANSFERRED', files: [{url: 'http://185.199.110.42/u/upd.dll', local: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\upd.dll'}], notifyCommandLine: "'C:\\Windows\\System32\\rundll32.exe' 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\upd.dll,Start'", notifyProgram: 'C:\\Windows\\System32\\rundll32.exe', notifyParameters: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\upd.dll,Start'}),
  ], {rules})
  t.same(r.findings.map(f => [f.fields?.['bits.title'], f.severity]).sort(), [['Font Download', 'info'], ['updsvc', 'high']])
  t.same(r.incidents.map(i => i.title), ["BITS job persistence: job 'updsvc' → rundll32.exe"])
  const updsvc = r.findings.find(f => f.fields?.['bits.title'] === 'updsvc')!
  t.same(updsvc.indicators.paths, ['c:\\users\\j.doe\\appdata\\local\\temp\\upd.dll', 'c:\\windows\\system32\\rundll32.exe'])
})
