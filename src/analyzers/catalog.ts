/** The code analyzers and the listing of everything that detects (`bitstrail rules`). */
import type {Severity} from '../model/finding.js'
import {TASK_INFO, SCHEDULED_TASK_BITS_INFO, createTaskAnalyzer} from './autostart/tasks.js'
import {JOB_LIFECYCLE_INFO, createJobLifecycleAnalyzer} from './bits/job-lifecycle.js'
import {JOB_LISTING_INFO, createJobListingAnalyzer} from './bits/job-listing.js'
import {NOTIFY_LAUNCH_INFO, createNotifyLaunchAnalyzer} from './bits/notify-launch.js'
import {describeScope, loadRules, type RuleListing} from './engine/load.js'
import type {CompiledRule} from './engine/types.js'
import type {Analyzer, AnalyzerInfo} from './types.js'

export const ANALYZER_INFO: readonly AnalyzerInfo[] = [NOTIFY_LAUNCH_INFO, JOB_LIFECYCLE_INFO, JOB_LISTING_INFO, TASK_INFO, SCHEDULED_TASK_BITS_INFO]

/** Fresh analyzer instances for one run (they hold per-run state). */
export function createAnalyzers(): Analyzer[] {
  return [createNotifyLaunchAnalyzer(), createJobLifecycleAnalyzer(), createJobListingAnalyzer(), createTaskAnalyzer()]
}

/** Every YAML rule and code analyzer, sorted by id. */
export function listRules(rules: readonly CompiledRule[] = loadRules()): RuleListing[] {
  const out: RuleListing[] = rules.map(r => ({
    id: r.spec.id,
    title: r.spec.title,
    severity: r.spec.severity,
    techniques: r.spec.techniques,
    role: r.spec.role,
    appliesTo: describeScope(r.spec.appliesTo),
    description: r.spec.description,
    file: r.spec.file,
  }))
  for (const a of ANALYZER_INFO) {
    out.push({id: a.id, title: a.title, severity: a.severity as Severity, techniques: a.techniques, role: 'analyzer', appliesTo: a.appliesTo, description: a.description})
  }
  return out.sort((a, b) => a.id.localeCompare(b.id))
}
