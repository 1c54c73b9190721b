import {createWriteStream, openSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import type {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

import {Args, Flags} from '@oclif/core'

import {BitstrailCommand} from '../cli/base-command.js'
import {InputError} from '../model/errors.js'
import {
  EVTX_FORMATS,
  exportEvtx,
  formatIssue,
  normaliseTimeBound,
  parseEventIdList,
  type EvtxExportSummary,
  type EvtxFilters,
  type EvtxFormat,
} from '../report/evtx-output.js'

export default class Evtx extends BitstrailCommand {
  static override description = `Decode Windows event logs (.evtx) to JSON lines, JSON, XML or CSV.

Records are written in file order. JSON follows the shape of the evtx crate's evtx_dump (attributes under "#attributes", EventData as name → value).

Damaged chunks and records are reported on stderr (file, chunk, offset, record id, reason) and skipped; the rest of the file is still read.

EXIT CODES
  0  every file was read (damaged records are reported, not fatal)
  2  a file is not EVTX or cannot be read, or a usage error`

  static override examples = [
    '<%= config.bin %> evtx Security.evtx --event-id 4688,4697-4698',
    '<%= config.bin %> evtx Microsoft-Windows-Bits-Client%4Operational.evtx --format csv --output bits.csv',
    '<%= config.bin %> evtx System.evtx --provider "Service Control Manager" --since 2024-03-01',
  ]

  static override strict = false
  static override args = {file: Args.string({description: '.evtx files', required: true})}
  static override flags = {
    format: Flags.string({char: 'f', description: 'output format', options: [...EVTX_FORMATS], default: 'jsonl'}),
    output: Flags.string({char: 'o', description: 'write to this file instead of stdout'}),
    'event-id': Flags.string({description: 'only these event ids: a list with ranges, e.g. 4624,4688-4690', multiple: true}),
    provider: Flags.string({description: 'only this provider (System/Provider@Name, case-insensitive)', multiple: true}),
    channel: Flags.string({description: 'only this channel (case-insensitive)', multiple: true}),
    since: Flags.string({description: 'only records created at or after this ISO-8601 time (UTC unless an offset is given)'}),
    until: Flags.string({description: 'only records created at or before this ISO-8601 time'}),
    threads: Flags.integer({description: 'decoding threads (default: all cores)', min: 1, max: 64}),
  }

  async run(): Promise<EvtxExportSummary> {
    const {argv, flags} = await this.parse(Evtx)
    const filters: EvtxFilters = {}
    if (flags['event-id']) filters.eventIds = parseEventIdList(flags['event-id'])
    if (flags.provider) filters.providers = flags.provider
    if (flags.channel) filters.channels = flags.channel
    if (flags.since !== undefined) filters.since = normaliseTimeBound(flags.since, 'since')
    if (flags.until !== undefined) filters.until = normaliseTimeBound(flags.until, 'until')

    const out: Writable = flags.output ? openOutput(flags.output) : process.stdout
    let outputError: Error | undefined
    const onOutputError = (err: NodeJS.ErrnoException) => {
      // a closed pipe (`| head`) ends the run quietly
      if (!flags.output && err.code === 'EPIPE') process.exit(0)
      outputError ??= err
    }
    out.on('error', onOutputError)
    const reported = {error: 0, warning: 0}
    let summary: EvtxExportSummary
    try {
      summary = await exportEvtx({
        files: argv as string[],
        format: flags.format as EvtxFormat,
        out,
        filters,
        threads: flags.threads ?? availableParallelism(),
        onIssue: (i) => {
          reported[i.severity]++
          process.stderr.write(`bitstrail: ${formatIssue(i)}\n`)
        },
        onFileError: (_path, message) => process.stderr.write(`bitstrail: ${message}\n`),
      })
      if (flags.output) {
        out.end()
        await finished(out).catch(() => undefined)
      }
    } finally {
      out.off('error', onOutputError)
    }
    if (outputError) throw new InputError(flags.output ?? 'stdout', `cannot write: ${outputError.message}`, {cause: outputError})
    if (reported.error + reported.warning > 0) {
      const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`
      process.stderr.write(
        `bitstrail: ${n(reported.error, 'damaged chunk/record')} skipped, ${n(reported.warning, 'warning')}, in ${n(summary.files, 'file')}; ${n(summary.records, 'record')} written\n`,
      )
    }
    if (summary.failedFiles > 0) this.exit(2)
    return summary
  }
}

/** Opens the output file now, so a bad path fails before any input is read. */
function openOutput(path: string): Writable {
  let fd: number
  try {
    fd = openSync(path, 'w')
  } catch (err) {
    throw new InputError(path, `cannot write: ${(err as Error).message}`, {cause: err})
  }
  return createWriteStream(path, {fd, highWaterMark: 1 << 20})
}
