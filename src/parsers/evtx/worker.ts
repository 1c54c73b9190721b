/** Worker thread: decodes batches of chunks sent by the pool and sends the results (and the chunk buffer) back. */

import {parentPort} from 'node:worker_threads'
import {decodeChunk, newScratch, type ChunkJob, type ChunkResult} from './chunk.js'
import {packEvents} from './event-pack.js'

/** Chunk k of the batch is `buf[starts[k] .. starts[k] + lengths[k])`. */
interface Request {
  id: number
  jobs: ChunkJob[]
  buf: ArrayBuffer
  starts: number[]
  lengths: number[]
}

function failed(job: ChunkJob, err: unknown): ChunkResult {
  return {
    index: job.index, fileOffset: job.fileOffset, recordIds: [], written: [], offsets: [], eventIds: [], providers: [],
    channels: [], times: [], filtered: 0,
    issues: [{path: job.path, severity: 'error', reason: `chunk not decoded: ${String(err)}`, chunk: job.index, offset: job.fileOffset}],
  }
}

const port = parentPort
if (port) {
  const scratch = newScratch()
  port.on('message', (m: Request) => {
    const results: ChunkResult[] = []
    const transfer: ArrayBuffer[] = [m.buf]
    for (let k = 0; k < m.jobs.length; k++) {
      const job = m.jobs[k]!
      let result: ChunkResult
      try {
        result = decodeChunk(new Uint8Array(m.buf, m.starts[k]!, m.lengths[k]!), job, scratch)
      } catch (err) {
        result = failed(job, err)
      }
      if (result.text) transfer.push(result.text.buffer as ArrayBuffer)
      if (result.events) {
        result.packed = packEvents(result.events)
        delete result.events
        transfer.push(result.packed.nums.buffer as ArrayBuffer, result.packed.refs.buffer as ArrayBuffer)
      }
      results.push(result)
    }
    port.postMessage({id: m.id, results, buf: m.buf}, transfer)
  })
}
