/** Worker pool: same records and the same issues, in file order, as inline decoding (batches of chunks per message). */
import t from 'tap'
import {existsSync} from 'node:fs'
import {readEvtx, EvtxPool} from '../../src/parsers/evtx/index.js'
import type {ParseIssue} from '../../src/model/issue.js'

const file = '../shared/corpus/evtx-rs/sample_with_a_bad_chunk_magic.evtx'

t.test('pool: issues of a file with a bad chunk come in file order, as inline', async (t) => {
  if (!existsSync(file)) {
    t.pass('corpus absent, skipped')
    return
  }
  const pool = new EvtxPool(2)
  t.teardown(() => pool.close())
  const read = async (opts: {threads: number} | {pool: EvtxPool; maxChunksInFlight?: number}) => {
    const issues: ParseIssue[] = []
    const ids: number[] = []
    for await (const r of readEvtx(file, {output: 'json', ...opts, onIssue: (i) => issues.push(i)})) ids.push(r.recordId)
    return {ids, issues}
  }
  const inline = await read({threads: 1})
  t.ok(inline.issues.some((i) => i.reason.startsWith('chunk header magic missing')), 'the bad chunk is reported')
  const offsets = inline.issues.map((i) => i.offset ?? -1)
  t.same(offsets, [...offsets].sort((a, b) => a - b), 'inline issues are in file order')
  for (const opts of [{pool}, {pool, maxChunksInFlight: 1}, {pool, maxChunksInFlight: 5}]) {
    const pooled = await read(opts)
    t.same(pooled.ids, inline.ids, 'same records')
    t.same(pooled.issues, inline.issues, 'same issues in the same order')
  }
})
