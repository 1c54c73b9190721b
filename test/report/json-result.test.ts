import t from 'tap'
import {SCHEMA_VERSION} from '../../src/model/result.js'
import {jsonResultPieces, toJsonResult, writeJsonResult} from '../../src/report/json-result.js'
import {buildCase, payloadText} from './fixture.js'
import {Sink} from './sink.js'

t.test('the JSON result is the triage result without Finding.events, keys in a fixed order', async t => {
  const {result} = buildCase()
  const json = toJsonResult(result)
  t.same(Object.keys(json), ['schemaVersion', 'tool', 'generatedAt', 'sourceTimeZone', 'warnings', 'inputs', 'findings', 'incidents', 'timeline'])
  t.equal(json.schemaVersion, SCHEMA_VERSION)
  t.equal(json.findings.length, result.findings.length)
  for (const f of json.findings) t.notOk('events' in f, `${f.id} has no events`)
  t.ok(result.findings[0]!.events?.length, 'the input result is not modified')
  t.same(Object.keys(json.findings[0]!), ['evidence', 'fields', 'host', 'id', 'indicators', 'rule', 'severity', 'summary', 'techniques', 'time', 'title', 'user'])
  t.same(Object.keys(json.incidents[0]!), ['end', 'findings', 'host', 'id', 'links', 'nextSteps', 'playbook', 'severity', 'start', 'techniques', 'title', 'users'])

  const shuffled = buildCase().result
  shuffled.tool = {version: shuffled.tool.version, name: 'bitstrail'}
  t.equal(JSON.stringify(toJsonResult(shuffled)), JSON.stringify(json), 'same content, same bytes whatever the key order')
})

t.test('streamed JSON equals JSON.stringify of the result, compact and indented', async t => {
  const {result} = buildCase(payloadText())
  for (const indent of [0, 2]) {
    const expected = JSON.stringify(toJsonResult(result), null, indent)
    t.equal([...jsonResultPieces(result, {indent})].join(''), expected, `indent ${indent}`)
    const sink = new Sink()
    await writeJsonResult(result, sink, {indent})
    t.equal(sink.text(), expected)
  }
  const empty = {...result, timeline: []}
  t.equal([...jsonResultPieces(empty, {indent: 2})].join(''), JSON.stringify(toJsonResult(empty), null, 2))
})
