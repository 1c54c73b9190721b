import {Args, Flags} from '@oclif/core'

import {DEFAULT_MAX_TIMELINE_EVENTS} from '../analyzers/index.js'
import {BitstrailCommand, EXIT_CODES_HELP} from '../cli/base-command.js'
import {assertOutsideEvidence, writeToFile} from '../cli/output-files.js'
import {ProgressReporter} from '../cli/progress.js'
import {SEVERITIES, severityRank, type Severity} from '../model/finding.js'
import type {TriageResult} from '../model/result.js'
import {loadCsvMapping} from '../parsers/csv/index.js'
import {runTriage} from '../pipeline/triage.js'
import {writeHtmlReport} from '../report/html-report.js'
import {writeJsonResult} from '../report/json-result.js'
import {renderTerminalSummary} from '../report/terminal-summary.js'

export default class Triage extends BitstrailCommand {
  static override description = `Find BITS-job persistence (T1197) and the autostart artefacts around it in collected evidence.

Walks files and folders (KAPE-style collections included), identifies every file by its content — EVTX, bitsadmin
listings, .reg exports, scheduled-task XML, CSV and NDJSON/JSON exports — parses it, detects, correlates findings
into incidents and prints a summary: incidents first, then findings by severity. Evidence is only read.

${EXIT_CODES_HELP}`

  static override examples = [
    '<%= config.bin %> triage ./collection --html report.html',
    '<%= config.bin %> triage Security.evtx bitsadmin.txt --json > result.json',
    '<%= config.bin %> triage ./collection --fail-on high --quiet',
  ]

  static override strict = false
  static override args = {path: Args.string({description: 'evidence files or folders; - reads one file from standard input', required: true})}
  static override flags = {
    json: Flags.boolean({description: 'print the triage result as JSON on stdout'}),
    output: Flags.string({char: 'o', description: 'write the JSON result to this file'}),
    html: Flags.string({description: 'write the self-contained HTML report to this file'}),
    lang: Flags.string({description: 'report language', options: ['en', 'de'], default: 'en'}),
    'fail-on': Flags.string({description: 'exit 1 when a finding at or above this severity is reported', options: [...SEVERITIES]}),
    'source-tz': Flags.string({description: 'zone of zone-less evidence times (bitsadmin, Kibana CSV) when the evidence does not tell it: IANA name or offset'}),
    'time-zone': Flags.string({description: 'show times in the terminal summary in this zone (default UTC)'}),
    since: Flags.string({description: 'timeline starts at this UTC time (ISO-8601)'}),
    until: Flags.string({description: 'timeline ends at this UTC time (ISO-8601)'}),
    timeline: Flags.string({description: 'events on the timeline: every parsed event, or only those behind findings', options: ['all', 'relevant'], default: 'all'}),
    'max-timeline-events': Flags.integer({description: 'most events kept on the timeline in memory (about 1 KB each); events beyond are analysed but left off, with a warning', default: DEFAULT_MAX_TIMELINE_EVENTS, min: 1}),
    map: Flags.string({description: 'CSV column mapping override file (JSON: {"column": "field"})'}),
    threads: Flags.integer({description: 'EVTX decoding threads (default: 1 on two cores or fewer, else cores - 1, at most 4)', min: 1, max: 64}),
    quiet: Flags.boolean({char: 'q', description: 'print only the one-line verdict'}),
  }

  async run(): Promise<TriageResult> {
    const {argv, flags} = await this.parse(Triage)
    const paths = argv as string[]
    for (const out of [flags.output, flags.html]) if (out) assertOutsideEvidence(out, paths)
    const result = await runTriage({
      paths,
      timeline: flags.timeline === 'relevant' ? 'relevant' : 'all',
      maxTimelineEvents: flags['max-timeline-events'],
      attachEvents: Boolean(flags.html),
      progress: (files, bytes) => new ProgressReporter(files, bytes),
      ...(flags['source-tz'] ? {sourceTz: flags['source-tz']} : {}),
      ...(flags.threads ? {threads: flags.threads} : {}),
      ...(flags.since ? {since: flags.since} : {}),
      ...(flags.until ? {until: flags.until} : {}),
      ...(flags.map ? {csvMapping: await loadCsvMapping(flags.map)} : {}),
    })

    if (flags.output) await writeToFile(flags.output, out => writeJsonResult(result, out, {indent: 2}))
    if (flags.html) await writeToFile(flags.html, out => writeHtmlReport(result, out, {lang: flags.lang === 'de' ? 'de' : 'en'}))
    if (flags.json) await writeJsonResult(result, process.stdout, {indent: 2})
    else {
      process.stdout.write(
        renderTerminalSummary(result, {
          color: this.useColor(flags['no-color']),
          width: this.width(),
          quiet: flags.quiet,
          ...(flags['time-zone'] ? {timeZone: flags['time-zone']} : {}),
        }),
      )
      if (flags.html && !flags.quiet) this.log(`HTML report: ${flags.html}`)
    }

    const failOn = flags['fail-on'] as Severity | undefined
    if (failOn && result.findings.some(f => severityRank(f.severity) >= severityRank(failOn))) this.exit(1)
    return result
  }
}
