import {createWriteStream} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {pipeline} from 'node:stream/promises'

export const STDIN_PATH = '-'
export const STDIN_DISPLAY = '(stdin)'

/** Spools standard input to a private temporary file, so it can be identified and parsed like any evidence file. */
export async function spoolStdin(input: NodeJS.ReadableStream = process.stdin): Promise<{file: string; remove(): Promise<void>}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bitstrail-stdin-'))
  const file = path.join(dir, 'stdin')
  await pipeline(input, createWriteStream(file, {mode: 0o600}))
  return {file, remove: () => rm(dir, {recursive: true, force: true})}
}
