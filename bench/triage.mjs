#!/usr/bin/env node
// Times `bitstrail triage` over the whole corpus plus the sample case (target: under 10 s on this 2-core machine)
// and reports peak RSS. Runs the built CLI (npm run build first).
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const corpus = path.resolve(root, '../shared/corpus')
const paths = [path.join(root, 'samples/case'), ...(existsSync(corpus) ? [corpus] : [])]
const runs = Number(process.env.RUNS ?? 3)
const times = []
let maxRss = 0
let summary = ''
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(root, 'bin/run.js'), 'triage', ...paths, '--quiet', '--no-color'], {encoding: 'utf8'})
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  if (r.status !== 0 && r.status !== 1) {
    console.error(r.stderr)
    process.exit(2)
  }
  times.push(secs)
  maxRss = Math.max(maxRss, Number(r.stderr.trim().split('\n').pop()) / 1024)
  summary = r.stdout.trim()
}
times.sort((a, b) => a - b)
console.log(`inputs: ${paths.join(', ')}`)
console.log(`verdict: ${summary}`)
console.log(`triage wall time: median ${times[Math.floor(times.length / 2)].toFixed(2)} s (min ${times[0].toFixed(2)} s, ${runs} runs); peak RSS ${maxRss.toFixed(0)} MB`)
