import {Args, Flags} from '@oclif/core'

import {BitstrailCommand, EXIT_CODES_HELP} from '../cli/base-command.js'
import {assertOutsideEvidence, writeToFile} from '../cli/output-files.js'
import {ProgressReporter} from '../cli/progress.js'
import {DEFAULT_MAX_TIMELINE_EVENTS} from '../analyzers/index.js'
import {streamTimeline} from '../pipeline/stream-timeline.js'
import {runTriage} from '../pipeline/triage.js'
import type {TimelineInput} from '../report/timeline/input.js'
import {TIMELINE_FORMATS, type TimelineFormat, writeTimeline} from '../report/timeline/write-timeline.js'

export default class Timeline extends BitstrailCommand {
  static override description = `Write the triage timeline — every parsed event and finding on one UTC axis — for other tools.

Formats: csv (Timeline Explorer, spreadsheets; formula cells neutralised), jsonl, timesketch (JSONL with message,
datetime, timestamp_desc), ecs (NDJSON for an Elasticsearch/OpenSearch _bulk load; --index adds the action lines).

${EXIT_CODES_HELP}`

  static override examples = [
    '<%= config.bin %> timeline ./collection --format csv -o timeline.csv',
    '<%= config.bin %> timeline ./collection --format ecs --index bitstrail-case42 > bulk.ndjson',
  ]

  static override strict = false
  static override args = {path: Args.string({description: 'evidence files or folders; - reads one file from standard input', required: true})}
  static override flags = {
    format: Flags.string({char: 'f', description: 'output format', options: [...TIMELINE_FORMATS], default: 'csv'}),
    output: Flags.string({char: 'o', description: 'write to this file instead of stdout'}),
    index: Flags.string({description: 'ecs: Elasticsearch index name for _bulk action lines'}),
    'time-zone': Flags.string({description: 'csv: render times in this zone instead of UTC'}),
    'source-tz': Flags.string({description: 'zone of zone-less evidence times when the evidence does not tell it'}),
    since: Flags.string({description: 'only entries at or after this UTC time (ISO-8601)'}),
    until: Flags.string({description: 'only entries at or before this UTC time (ISO-8601)'}),
    threads: Flags.integer({description: 'EVTX decoding threads (default: 1 on two cores or fewer, else cores - 1, at most 4)', min: 1, max: 64}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Timeline)
    const paths = argv as string[]
    if (flags.output) assertOutsideEvidence(flags.output, paths)
    const evidence = {
      paths,
      progress: (files: number, bytes: number) => new ProgressReporter(files, bytes),
      ...(flags['source-tz'] ? {sourceTz: flags['source-tz']} : {}),
      ...(flags.threads ? {threads: flags.threads} : {}),
    }
    const window = {...(flags.since ? {since: flags.since} : {}), ...(flags.until ? {until: flags.until} : {})}
    const result = await runTriage({...evidence, ...window, timeline: 'all', maxTimelineEvents: DEFAULT_MAX_TIMELINE_EVENTS})
    const events = result.inputs.reduce((n, i) => n + i.records, 0)
    let input: TimelineInput = result
    if (events > DEFAULT_MAX_TIMELINE_EVENTS) {
      this.logToStderr(`bitstrail: ${events} events: more than can be sorted in memory, so they are written in evidence order`)
      result.timeline = result.timeline.filter(e => e.kind === 'finding')
      input = streamTimeline(result, {...evidence, ...window})
    }
    const options = {
      ...(flags.index ? {index: flags.index} : {}),
      ...(flags['time-zone'] ? {timeZone: flags['time-zone']} : {}),
    }
    const format = flags.format as TimelineFormat
    const withFindings = {...options, findings: result.findings}
    if (flags.output) await writeToFile(flags.output, out => writeTimeline(input, format, out, withFindings))
    else await writeTimeline(input, format, process.stdout, withFindings)
  }
}
