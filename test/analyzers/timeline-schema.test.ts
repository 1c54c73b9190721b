import {readFileSync} from 'node:fs'
import t from 'tap'
import {Ajv2020} from 'ajv/dist/2020.js'
import {analyze, buildTimeline, loadRules, toResultFinding} from '../../src/analyzers/index.js'
import {SCHEMA_VERSION, type TriageResult} from '../../src/model/result.js'
import {chain, win7NotifyLaunches} from './fixtures/events.js'

const rules = loadRules()

t.test('timeline: one UTC axis, findings marked, filterable', async t => {
  const events = chain()
  const r = await analyze(events, {rules, timeline: 'all'})
  t.equal(r.events, events.length)
  const times = r.timeline.filter(e => e.time).map(e => e.time!)
  t.same(r.timeline.map(e => e.kind).filter(k => k === 'event').length, events.length)
  t.equal(r.timeline.filter(e => e.kind === 'finding').length, r.findings.length)
  const keys = times.map(x => x.replace(/Z$/, '').padEnd(27, '0'))
  t.same(keys, [...keys].sort(), 'sorted by time')
  const launch = r.timeline.find(e => e.kind === 'event' && e.source.record === 101)!
  t.equal(launch.severity, 'high')
  t.same(launch.findings, [r.findings.find(f => f.rule === 'bits-notify-launch')!.id])
  const quiet = r.timeline.find(e => e.kind === 'event' && e.source.record === 202)!
  t.equal(quiet.severity, 'medium', 'the job completion event carries the job finding')
  const win = buildTimeline(events, r.findings, {includeEvents: 'all', since: '2024-05-02T10:00:02Z', until: '2024-05-02T10:00:06Z'})
  t.same(win.map(e => [e.kind, e.source.record]), [
    ['event', 201],
    ['event', 202],
    ['event', 101],
    ['finding', 101],
  ])
  const relevant = buildTimeline([], r.findings)
  t.notOk(relevant.some(e => e.kind === 'event' && e.source.record === 13 && !e.findings), 'relevant: only events behind findings')
  t.ok(relevant.every(e => e.kind === 'finding' || (e.findings?.length ?? 0) > 0))
})

t.test('memory: without timeline "all" events are not kept', async t => {
  let n = 0
  function* many() {
    for (let i = 0; i < 20000; i++) {
      n++
      yield {source: {path: 'x.evtx', kind: 'evtx' as const, record: i}, time: '2024-01-01T00:00:00Z', category: 'other' as const, action: 'event-1'}
    }
  }
  const r = await analyze(many(), {rules})
  t.equal(n, 20000)
  t.equal(r.events, 20000)
  t.same(r.timeline, [])
  t.same(r.findings, [])
})

t.test('results validate against schema/triage-result.schema.json', async t => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/triage-result.schema.json', import.meta.url), 'utf8'))
  const ajv = new Ajv2020({allErrors: true, strict: true, strictRequired: false})
  const validate = ajv.compile<TriageResult>(schema)
  for (const events of [chain(), win7NotifyLaunches()]) {
    const r = await analyze(events, {rules, timeline: 'all'})
    const result = {
      schemaVersion: SCHEMA_VERSION,
      tool: {name: 'bitstrail', version: '0.1.0'},
      generatedAt: '2024-06-01T00:00:00.000Z',
      sourceTimeZone: {name: 'UTC', basis: 'assumed-utc'},
      warnings: r.warnings,
      inputs: [{path: 'Sysmon.evtx', kind: 'evtx', size: 69632, records: 6, errors: [{path: 'Sysmon.evtx', severity: 'error', reason: 'bad chunk', offset: 4096, chunk: 0}]}],
      findings: r.findings.map(toResultFinding),
      incidents: r.incidents,
      timeline: r.timeline,
    }
    const ok = validate(JSON.parse(JSON.stringify(result)))
    t.ok(ok, JSON.stringify(validate.errors?.slice(0, 3)))
  }
  const r = await analyze(win7NotifyLaunches(), {rules})
  const bad = {
    schemaVersion: SCHEMA_VERSION, tool: {name: 'bitstrail', version: '0.1.0'}, generatedAt: '2024-06-01T00:00:00Z',
    sourceTimeZone: {name: 'UTC', basis: 'assumed-utc'}, warnings: [], inputs: [],
    findings: r.findings.map(f => ({...toResultFinding(f), severity: 'severe'})), incidents: [], timeline: [],
  }
  t.notOk(validate(bad))
  t.match(JSON.stringify(validate.errors), /severity/)
  t.notOk(validate({...bad, findings: r.findings.map(f => f)}), 'the events of a finding are not part of the result')
})
