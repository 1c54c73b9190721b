/** A pool of worker threads decoding chunks; callers get results as promises, in any order. */

import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {ChunkJob, ChunkResult} from './chunk.js'

export interface BatchResult {
  results: ChunkResult[]
  buf: ArrayBuffer
}

interface Pending {
  resolve: (r: BatchResult) => void
  reject: (e: unknown) => void
}

function workerUrl(): URL {
  const js = new URL('./worker.js', import.meta.url)
  if (existsSync(fileURLToPath(js))) return js
  return new URL('./worker.ts', import.meta.url)
}

export class EvtxPool {
  private readonly workers: Worker[] = []
  private readonly load: number[] = []
  private readonly pending = new Map<number, Pending>()
  private readonly owner = new Map<number, number>()
  private nextId = 0
  private closed = false

  constructor(readonly threads: number) {
    const url = workerUrl()
    for (let i = 0; i < threads; i++) {
      // bounded heaps keep the whole process flat (a chunk needs little; compiled renderers are capped per thread)
      const w = new Worker(url, {resourceLimits: {maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96}})
      w.unref()
      w.on('message', (m: {id: number; results: ChunkResult[]; buf: ArrayBuffer}) => {
        const p = this.pending.get(m.id)
        this.pending.delete(m.id)
        this.load[i]!--
        this.owner.delete(m.id)
        p?.resolve({results: m.results, buf: m.buf})
      })
      w.on('error', (err) => this.failWorker(i, err))
      w.on('exit', (code) => {
        if (!this.closed) this.failWorker(i, new Error(`EVTX worker exited with code ${code}`))
      })
      this.workers.push(w)
      this.load.push(0)
    }
  }

  private failWorker(i: number, err: unknown): void {
    for (const [id, owner] of this.owner) {
      if (owner !== i) continue
      this.pending.get(id)?.reject(err)
      this.pending.delete(id)
      this.owner.delete(id)
    }
  }

  /**
   * Sends several chunks in one message: chunk k is `buf[starts[k] .. starts[k] + lengths[k])`. The buffer is
   * transferred and comes back with the results (in the order of `jobs`).
   */
  decodeBatch(jobs: ChunkJob[], buf: ArrayBuffer, starts: number[], lengths: number[]): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('EVTX pool is closed'))
    let best = 0
    for (let i = 1; i < this.workers.length; i++) if (this.load[i]! < this.load[best]!) best = i
    const id = this.nextId++
    this.load[best]!++
    this.owner.set(id, best)
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve, reject})
      this.workers[best]!.postMessage({id, jobs, buf, starts, lengths}, [buf])
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
