import {Chalk, type ChalkInstance} from 'chalk'
import Table from 'cli-table3'
import {SEVERITIES, severityRank, maxSeverity, type Severity} from '../model/finding.js'
import type {TriageResult} from '../model/result.js'
import {isoInZone} from '../model/time.js'
import {classifyFinding, evidenceChain} from './evidence-chain.js'

export interface TerminalSummaryOptions {
  color: boolean
  /** Terminal columns; tables are sized to fit. */
  width: number
  /** Only the one-line verdict. */
  quiet: boolean
  /** Show times in this zone instead of UTC. */
  timeZone?: string
  /** Most findings listed before "… N more" (default 40). */
  maxFindings?: number
}

/**
 * Evidence may carry terminal escape sequences: C0/C1 controls become `\xHH`, and bidi or zero-width characters
 * become `<U+XXXX>`, so nothing from evidence can move the cursor, recolour or rewrite the terminal.
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g, c => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
}

function paint(chalk: ChalkInstance, sev: Severity, text: string): string {
  switch (sev) {
    case 'critical': return chalk.bgRed.white.bold(text)
    case 'high': return chalk.red.bold(text)
    case 'medium': return chalk.yellow(text)
    case 'low': return chalk.cyan(text)
    default: return chalk.gray(text)
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

function parseCounts(result: TriageResult): {errors: number; warnings: number} {
  let errors = 0
  let warnings = 0
  for (const i of result.inputs) for (const e of i.errors) {
    if (e.severity === 'error') errors++
    else warnings++
  }
  return {errors, warnings}
}

/** `CRITICAL: 1 incident — <title>; 8 findings (1 critical, 5 high, 2 medium); 6 inputs, 1 parse error`. */
export function verdictLine(result: TriageResult): string {
  const {errors} = parseCounts(result)
  const inputs = `${plural(result.inputs.length, 'input')}${errors ? `, ${plural(errors, 'parse error')}` : ''}`
  if (!result.findings.length) return `CLEAN: no findings; ${inputs}`
  const bySev = SEVERITIES.slice().reverse().map(s => [s, result.findings.filter(f => f.severity === s).length] as const).filter(([, n]) => n > 0)
  const findings = `${plural(result.findings.length, 'finding')} (${bySev.map(([s, n]) => `${n} ${s}`).join(', ')})`
  const top = maxSeverity([...result.findings.map(f => f.severity), ...result.incidents.map(i => i.severity)])
  if (!result.incidents.length) return `${top.toUpperCase()}: no incident; ${findings}; ${inputs}`
  const worst = [...result.incidents].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0]!
  const more = result.incidents.length > 1 ? ` (+${result.incidents.length - 1} more)` : ''
  return `${top.toUpperCase()}: ${plural(result.incidents.length, 'incident')} — ${terminalSafe(worst.title)}${more}; ${findings}; ${inputs}`
}

function table(head: string[], widths: number[], chalk: ChalkInstance): Table.Table {
  return new Table({
    head: head.map(h => chalk.bold(h)),
    colWidths: widths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: {head: [], border: [], 'padding-left': 1, 'padding-right': 1},
  })
}

/** Column widths for `fixed` columns plus one flexible column (at `flex`) that takes what the width leaves. */
function fit(width: number, fixed: number[], flex: number, minFlex = 16): number[] {
  const borders = fixed.length + 2
  const used = fixed.reduce((a, b) => a + b, 0)
  const rest = Math.max(minFlex, width - used - borders)
  const out = [...fixed]
  out.splice(flex, 0, rest)
  return out
}

const STAGE_TEXT: Record<string, string> = {
  'job-created': 'job created', transfer: 'transfer', 'notify-launch': 'notify launch', payload: 'payload', autostart: 'autostart', other: 'other',
}

/** The terminal summary: verdict, incidents with their chains, findings by severity, inputs and parse problems. */
export function renderTerminalSummary(result: TriageResult, options: TerminalSummaryOptions): string {
  const chalk = new Chalk({level: options.color ? 1 : 0})
  const verdict = verdictLine(result)
  const top = maxSeverity([...result.findings.map(f => f.severity), ...result.incidents.map(i => i.severity)])
  const verdictText = result.findings.length ? paint(chalk, top, verdict) : chalk.green(verdict)
  if (options.quiet) return `${verdictText}\n`
  const width = Math.max(60, Math.floor(options.width))
  const when = (iso: string | undefined): string => (iso ? (options.timeZone ? isoInZone(iso, options.timeZone) : iso) : '-')
  const timeWidth = options.timeZone ? 37 : 30
  const lines: string[] = []
  lines.push(chalk.bold(`${result.tool.name} ${result.tool.version} — triage summary`) + chalk.gray(` (times ${options.timeZone ? terminalSafe(options.timeZone) : 'UTC'})`))
  lines.push(verdictText, '')

  const findingsById = new Map(result.findings.map(f => [f.id, f]))
  if (result.incidents.length) {
    lines.push(chalk.bold.underline('Incidents'))
    for (const inc of [...result.incidents].sort((a, b) => severityRank(b.severity) - severityRank(a.severity))) {
      lines.push(`${paint(chalk, inc.severity, ` ${inc.severity.toUpperCase()} `)} ${chalk.bold(terminalSafe(inc.title))} ${chalk.gray(terminalSafe(inc.id))}`)
      const meta = [inc.host && `host ${terminalSafe(inc.host)}`, inc.users?.length && `users ${terminalSafe(inc.users.join(', '))}`,
        (inc.start || inc.end) && `${when(inc.start)} – ${when(inc.end)}`, inc.techniques.length && terminalSafe(inc.techniques.join(' '))].filter(Boolean)
      if (meta.length) lines.push(chalk.gray(`  ${meta.join(' · ')}`))
      const chain = evidenceChain(inc, findingsById)
      const t = table(['#', 'Stage', 'Time', 'Finding'], fit(width, [4, 16, timeWidth], 3), chalk)
      chain.forEach((step, i) => {
        const stage = STAGE_TEXT[step.stage] + (step.autostart ? ` (${step.autostart})` : '')
        t.push([String(i + 1), stage, when(step.time), `${paint(chalk, step.severity, step.severity)} ${terminalSafe(step.title)} ${chalk.gray(terminalSafe(step.findingId))}`])
      })
      lines.push(t.toString())
      if (inc.nextSteps.length) {
        lines.push(chalk.bold('  Next steps'))
        for (const s of inc.nextSteps) lines.push(`  [ ] ${terminalSafe(s)}`)
      }
      lines.push('')
    }
  }

  if (result.findings.length) {
    lines.push(chalk.bold.underline('Findings by severity'))
    const max = options.maxFindings ?? 40
    const sorted = [...result.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.time ?? '').localeCompare(b.time ?? ''))
    const t = table(['Severity', 'Time', 'Finding', 'ATT&CK'], fit(width, [10, timeWidth, 14], 2), chalk)
    for (const f of sorted.slice(0, max)) {
      const stage = STAGE_TEXT[classifyFinding(f).stage]
      t.push([paint(chalk, f.severity, f.severity), when(f.time),
        `${terminalSafe(f.title)} ${chalk.gray(`${terminalSafe(f.id)} ${terminalSafe(f.rule)} · ${stage}`)}\n${chalk.gray(terminalSafe(f.summary))}`,
        terminalSafe(f.techniques.join(' '))])
    }
    lines.push(t.toString())
    if (sorted.length > max) lines.push(chalk.gray(`  … ${plural(sorted.length - max, 'more finding')} (see the HTML or JSON report)`))
    lines.push('')
  }

  lines.push(chalk.bold.underline('Inputs'))
  const {errors, warnings} = parseCounts(result)
  const it = table(['Path', 'Kind', 'Records', 'Errors', 'Warn.'], fit(width, [11, 11, 8, 7], 0), chalk)
  for (const i of result.inputs) {
    const e = i.errors.filter(x => x.severity === 'error').length
    const w = i.errors.length - e
    it.push([terminalSafe(i.path) + (i.skipped !== undefined ? chalk.gray(` (skipped: ${terminalSafe(i.skipped)})`) : ''), i.kind,
      i.records.toLocaleString('en-US'), e ? chalk.red(String(e)) : '0', String(w)])
  }
  lines.push(it.toString())
  const records = result.inputs.reduce((n, i) => n + i.records, 0)
  lines.push(`  ${plural(result.inputs.length, 'input')}, ${plural(records, 'record')}, ${plural(result.timeline.length, 'timeline entry', 'timeline entries')}, ` +
    `${errors ? chalk.red(plural(errors, 'parse error')) : '0 parse errors'}, ${plural(warnings, 'parse warning')}`)
  const tz = result.sourceTimeZone
  lines.push(`  Source time zone: ${terminalSafe(tz.name)} (${tz.basis})`)
  for (const w of result.warnings) lines.push(chalk.yellow(`  warning: ${terminalSafe(w)}`))
  return `${lines.join('\n')}\n`
}
