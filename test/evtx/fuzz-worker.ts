/** Worker for fuzz.test.ts: decodes one file through both the JSON path and the model-only path, reports counts. */

import {getHeapStatistics} from 'node:v8'
import {parentPort} from 'node:worker_threads'

import {InputError} from '../../src/model/errors.js'
import {readEvtx} from '../../src/parsers/evtx/index.js'

export interface FuzzJob {
  id: number
  file: string
}

export interface FuzzResult {
  id: number
  records: number
  issues: number
  badJson: number
  /** Only errors that escape the API other than the typed "not EVTX / unreadable" InputError. */
  error?: string
  inputError?: string
  peakHeap: number
}

parentPort!.on('message', (job: FuzzJob) => {
  void (async () => {
    const res: FuzzResult = {id: job.id, records: 0, issues: 0, badJson: 0, peakHeap: 0}
    const sample = () => (res.peakHeap = Math.max(res.peakHeap, getHeapStatistics().used_heap_size))
    try {
      for (const output of ['json', 'win-event'] as const) {
        for await (const r of readEvtx(job.file, {output, threads: 1, onIssue: () => res.issues++})) {
          res.records++
          if (output === 'json') {
            try {
              JSON.parse(r.json ?? '')
            } catch {
              res.badJson++
            }
          }
          if ((res.records & 63) === 0) sample()
        }
        sample()
      }
    } catch (err) {
      if (err instanceof InputError) res.inputError = err.message
      else res.error = err instanceof Error ? (err.stack ?? err.message) : String(err)
    }
    parentPort!.postMessage(res)
  })()
})
