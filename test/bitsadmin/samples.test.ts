import t from 'tap'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
// @ts-expect-error plain JavaScript generator without type declarations
import {writeSamples} from './fixtures/make-samples.mjs'

const SAMPLES = join(import.meta.dirname, '../../samples/bitsadmin')

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

t.test('committed samples are exactly what fixtures/make-samples.mjs writes', async t => {
  const dir = t.testdir()
  ;(writeSamples as (root: string) => void)(dir)
  t.strictSame(files(dir), files(SAMPLES))
  for (const f of files(dir)) t.ok(readFileSync(join(dir, f)).equals(readFileSync(join(SAMPLES, f))), f)
})
