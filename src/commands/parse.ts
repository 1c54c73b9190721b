import {Args, Flags} from '@oclif/core'
import {Chalk} from 'chalk'
import Table from 'cli-table3'

import {BitstrailCommand, EXIT_CODES_HELP} from '../cli/base-command.js'
import {discoverEvidence} from '../discovery/index.js'
import type {TriageEvent} from '../model/event.js'
import {InputError} from '../model/errors.js'
import type {InputSummary} from '../model/result.js'
import {loadCsvMapping} from '../parsers/csv/index.js'
import {createParserSet} from '../parsers/registry.js'
import {parseInputs} from '../pipeline/parse-inputs.js'
import {SourceZoneResolver} from '../pipeline/source-zone.js'
import {terminalSafe} from '../report/terminal-summary.js'

export default class Parse extends BitstrailCommand {
  static override description = `Parse evidence files of any supported kind (detected by content) and show their normalised events.

bitsadmin listings give one event per job, .reg exports one per value, task XML one per task, logs and exports one
per record. A table on a TTY; --json (or a pipe with --json) gives {inputs, events} for scripts. Damaged lines or
records are listed with file and line/offset; the rest is still parsed.

${EXIT_CODES_HELP}`

  static override examples = [
    '<%= config.bin %> parse bitsadmin.txt',
    '<%= config.bin %> parse HKCU.reg --json | jq \'.events[].registry\'',
  ]

  static override strict = false
  static override enableJsonFlag = true
  static override args = {file: Args.string({description: 'evidence files or folders', required: true})}
  static override flags = {
    'source-tz': Flags.string({description: 'zone of zone-less times (bitsadmin, Kibana CSV) when the evidence does not tell it'}),
    map: Flags.string({description: 'CSV column mapping override file'}),
    limit: Flags.integer({description: 'show at most this many events in the table', default: 200, min: 1}),
  }

  async run(): Promise<{inputs: InputSummary[]; events: TriageEvent[]}> {
    const {argv, flags} = await this.parse(Parse)
    const discovery = await discoverEvidence(argv as string[])
    if (discovery.artefacts.length === 0) {
      const why = discovery.skipped[0]
      throw new InputError(why?.path ?? String(argv[0]), why?.reason ?? 'no files found')
    }
    const zones = new SourceZoneResolver(flags['source-tz'])
    const inputs: InputSummary[] = []
    const events: TriageEvent[] = []
    const stream = parseInputs(discovery.artefacts, inputs, {
      parsers: createParserSet({threads: 1, ...(flags.map ? {csvMapping: await loadCsvMapping(flags.map)} : {})}),
      zone: () => zones.zone(),
      observe: e => zones.observe(e),
    })
    for await (const e of stream) events.push(e)
    if (this.jsonEnabled()) return {inputs, events}

    const chalk = new Chalk({level: this.useColor(flags['no-color']) ? 1 : 0})
    for (const input of inputs) {
      const status = input.skipped ? chalk.yellow(`skipped: ${input.skipped}`) : `${input.records} records, ${input.errors.length} issues`
      this.log(`${chalk.bold(terminalSafe(input.path))}  ${input.kind}  ${status}`)
      for (const issue of input.errors.slice(0, 20)) {
        const where = [issue.line && `line ${issue.line}`, issue.offset !== undefined && `offset ${issue.offset}`, issue.record !== undefined && `record ${issue.record}`].filter(Boolean).join(', ')
        this.log(`  ${issue.severity === 'error' ? chalk.red('error') : chalk.yellow('warning')} ${where}: ${terminalSafe(issue.reason)}`)
      }
    }
    const width = this.width()
    const table = new Table({
      head: ['time (UTC)', 'category', 'action', 'summary', 'source'].map(h => chalk.bold(h)),
      colWidths: [30, 10, 20, Math.max(30, width - 78), 12],
      wordWrap: true,
      wrapOnWordBoundary: false,
      style: {head: [], border: []},
    })
    for (const e of events.slice(0, flags.limit)) {
      const where = e.source.record ?? e.source.line ?? e.source.key ?? ''
      table.push([e.time ?? '-', e.category, e.action, terminalSafe(e.message ?? ''), terminalSafe(String(where))])
    }
    if (events.length > 0) this.log(table.toString())
    if (events.length > flags.limit) this.log(`… ${events.length - flags.limit} more events (use --json for all)`)
    return {inputs, events}
  }
}
