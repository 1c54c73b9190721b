import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import t from 'tap'

function files(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/** Asserts that a committed samples folder holds exactly what its generator writes. */
export function testGeneratedSamples(samplesDir: string, writeSamples: (root: string) => void): void {
  t.test('committed samples are exactly what fixtures/make-samples.mjs writes', async t => {
    const dir = t.testdir()
    writeSamples(dir)
    t.strictSame(files(dir), files(samplesDir))
    for (const f of files(dir)) t.ok(readFileSync(join(dir, f)).equals(readFileSync(join(samplesDir, f))), f)
  })
}
