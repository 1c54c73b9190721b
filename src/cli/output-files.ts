import {createWriteStream} from 'node:fs'
import {finished} from 'node:stream/promises'
import path from 'node:path'

import {UsageError} from '../model/errors.js'

/** Refuses an output path inside the evidence: triage never writes into what it examines. */
export function assertOutsideEvidence(output: string, evidence: string[]): void {
  const out = path.resolve(output)
  for (const root of evidence) {
    const r = path.resolve(root)
    if (out === r || out.startsWith(r + path.sep)) {
      throw new UsageError(`refusing to write ${output} inside the evidence path ${root}: choose another location`)
    }
  }
}

/** Writes to a file through `write`, closing it and surfacing write errors. */
export async function writeToFile(file: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<void> {
  const out = createWriteStream(file)
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  await Promise.race([write(out), failed])
  out.end()
  await Promise.race([finished(out), failed])
}
