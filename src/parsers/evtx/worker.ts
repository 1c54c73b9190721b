/** Worker thread: decodes chunks sent by the pool and sends the results (and the chunk buffer) back. */

import {parentPort} from 'node:worker_threads'
import {decodeChunk, newScratch, type ChunkJob} from './chunk.js'

interface Request {
  id: number
  job: ChunkJob
  buf: ArrayBuffer
  length: number
}

const port = parentPort
if (port) {
  const scratch = newScratch()
  port.on('message', (m: Request) => {
    let result
    try {
      result = decodeChunk(new Uint8Array(m.buf, 0, m.length), m.job, scratch)
    } catch (err) {
      result = {
        index: m.job.index, fileOffset: m.job.fileOffset, recordIds: [], written: [], offsets: [], eventIds: [], providers: [],
        channels: [], times: [], filtered: 0,
        issues: [{path: m.job.path, severity: 'error', reason: `chunk not decoded: ${String(err)}`, chunk: m.job.index, offset: m.job.fileOffset}],
      }
    }
    const transfer: ArrayBuffer[] = [m.buf]
    if (result.text) transfer.push(result.text.buffer as ArrayBuffer)
    port.postMessage({id: m.id, result, buf: m.buf}, transfer)
  })
}
