import {PassThrough} from 'node:stream'
import t from 'tap'

import {ProgressReporter} from '../../src/cli/progress.js'
import {colorEnabled} from '../../src/cli/terminal.js'

function fakeStream(isTTY: boolean): NodeJS.WriteStream & {written: string} {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & {written: string}
  s.written = ''
  Object.assign(s, {isTTY, columns: 100, write: (chunk: string) => ((s.written += chunk), true)})
  return s
}

t.test('colour follows TTY, NO_COLOR, FORCE_COLOR and --no-color', async t => {
  t.equal(colorEnabled(fakeStream(true), {env: {}}), true)
  t.equal(colorEnabled(fakeStream(false), {env: {}}), false, 'pipe')
  t.equal(colorEnabled(fakeStream(true), {env: {NO_COLOR: '1'}}), false)
  t.equal(colorEnabled(fakeStream(true), {env: {NO_COLOR: ''}}), true, 'empty NO_COLOR is unset')
  t.equal(colorEnabled(fakeStream(true), {env: {}, noColor: true}), false)
  t.equal(colorEnabled(fakeStream(false), {env: {FORCE_COLOR: '1'}}), true)
  t.equal(colorEnabled(fakeStream(false), {env: {FORCE_COLOR: ''}}), false, 'empty FORCE_COLOR is unset')
})

t.test('progress draws on a TTY only', async t => {
  let now = 0
  const tty = fakeStream(true)
  const p = new ProgressReporter(2, 2048, {stream: tty, intervalMs: 0, now: () => now})
  p.startFile('a.evtx')
  now = 1000
  p.fileBytes(1024)
  t.equal(p.line(), '50% 0/2 files 1.0 KB/2.0 KB 1.0 KB/s ETA 1s a.evtx')
  p.finishFile(1024)
  p.done()
  t.match(tty.written, /\r\x1b\[2K50% 0\/2 files/)
  t.ok(tty.written.endsWith('\r\x1b[2K'), 'line cleared at the end')

  const pipe = fakeStream(false)
  const q = new ProgressReporter(1, 10, {stream: pipe, intervalMs: 0})
  q.startFile('x')
  q.fileBytes(5)
  q.finishFile(10)
  q.done()
  t.equal(pipe.written, '', 'nothing written to a pipe')
  t.equal(q.active, false)
})
