import {Writable} from 'node:stream'

/** A writable that collects what is written, applying back-pressure every few writes to exercise 'drain'. */
export class Sink extends Writable {
  readonly parts: string[] = []
  constructor() {
    super({highWaterMark: 1024, decodeStrings: false})
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.parts.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))
    setImmediate(done)
  }
  text(): string {
    return this.parts.join('')
  }
}
