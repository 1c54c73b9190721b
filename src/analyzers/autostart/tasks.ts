/**
 * Scheduled tasks (task XML files, Security 4698/4702, TaskScheduler 106/140): hidden tasks, logon/boot triggers,
 * actions running LOLBins or programs in user-writable folders, and tasks that (re)create BITS jobs.
 */
import type {TaskFacet, TriageEvent} from '../../model/event.js'
import type {Finding, Severity} from '../../model/finding.js'
import {parseTaskXml} from '../../parsers/task-xml/index.js'
import {commandsOf} from '../bits/commands.js'
import {makeFinding} from '../findings.js'
import {isLolbin} from '../text/lolbins.js'
import {isSystemPath, isUserWritablePath, normalisePath} from '../text/paths.js'
import {isServiceAccount} from '../text/users.js'
import type {Analyzer, AnalyzerInfo} from '../types.js'
import {commandReasons} from './classify.js'

export const TASK_INFO: AnalyzerInfo = {
  id: 'scheduled-task',
  title: 'Scheduled task',
  description:
    'Tasks from task XML files, Security 4698/4702 and TaskScheduler 106/140: tasks that create BITS jobs (high, T1197), ' +
    'LOLBin/script or user-writable actions, hidden tasks and logon/boot triggers; Microsoft tasks running System32 programs as system principals stay info.',
  techniques: ['T1053.005', 'T1197'],
  severity: 'high',
  appliesTo: 'task task-registered|task-updated|task-defined (4698, 4702, 106, 140, task XML)',
}

const ACTIONS = new Set(['task-registered', 'task-updated', 'task-defined'])

function taskOf(e: TriageEvent): TaskFacet | undefined {
  const t = e.task
  const xml = e.data?.TaskContent ?? e.data?.TaskContentNew
  if ((!t || t.actions.length === 0) && xml) {
    const parsed = parseTaskXml(xml, t?.path ? {path: t.path} : {}).tasks[0]
    if (parsed) return {...parsed, ...(t?.path ? {path: t.path} : {})}
  }
  return t
}

function principalIsSystem(t: TaskFacet): boolean {
  const p = t.principal
  const who = p?.userId ?? p?.groupId ?? p?.id
  return !who || isServiceAccount(who) || /^(localsystem|system|localservice|networkservice|s-1-5-32-\d+)$/i.test(who) || /^(users|administrators|authenticated users|interactive)$/i.test(who)
}

export function createTaskAnalyzer(): Analyzer {
  return {
    id: TASK_INFO.id,
    observe(e): Finding[] | void {
      if (e.category !== 'task' || !ACTIONS.has(e.action)) return
      const t = taskOf(e)
      if (!t) return
      const reasons: Array<[Severity, string]> = []
      const techniques = new Set(['T1053.005'])
      const execs = t.actions.flatMap(a => (a.type === 'exec' ? [a] : []))
      let bits = false
      let suspicious = false
      let strong = false
      for (const a of execs) {
        const line = `${/\s/.test(a.command) && !a.command.startsWith('"') ? `"${a.command}"` : a.command} ${a.arguments ?? ''}`.trim()
        if (commandsOf(line).length > 0) {
          bits = true
          techniques.add('T1197')
          reasons.push(['high', `action manages a BITS job: ${line}`])
        }
        const r = commandReasons(line).filter(x => x !== 'bits')
        if (bits || r.some(x => x === 'encoded' || x === 'url' || x === 'pipe' || x === 'odd-writable' || x === 'user-writable')) strong = true
        if (r.includes('encoded') || r.includes('url') || r.includes('pipe')) {
          suspicious = true
          reasons.push(['high', `action ${r.join(', ')}: ${line}`])
        } else if (isLolbin(a.command) || r.includes('lolbin') || r.includes('script') || r.includes('odd-writable')) {
          suspicious = true
          reasons.push(['medium', `action runs a LOLBin or script: ${line}`])
        } else if (isUserWritablePath(a.command)) {
          suspicious = true
          reasons.push(['medium', `action runs a program in a user-writable folder: ${a.command}`])
        }
      }
      const hidden = t.hidden === true
      const logonBoot = t.triggers.filter(x => /^(logon|boot)$/i.test(x.type)).map(x => x.type)
      if (hidden) reasons.push([suspicious ? 'high' : 'low', 'hidden task'])
      if (logonBoot.length) reasons.push([suspicious ? 'high' : 'low', `${logonBoot.join('/')} trigger`])
      const path = t.path ?? t.uri ?? ''
      const microsoft = /^\\microsoft\\/i.test(path)
      const systemActions = execs.length > 0 && execs.every(a => isSystemPath(normalisePath(a.command).replace(/^%windir%|^%systemroot%/, 'c:\\windows')) && !isLolbin(a.command))
      let severity: Severity
      if (reasons.some(r => r[0] === 'high')) severity = 'high'
      else if (reasons.some(r => r[0] === 'medium')) severity = 'medium'
      else if (microsoft && (systemActions || execs.length === 0) && principalIsSystem(t)) severity = 'info'
      else if (execs.length && execs.every(a => isSystemPath(a.command) || /^(c:\\program files|%programfiles%)/i.test(normalisePath(a.command)))) severity = reasons.length ? 'low' : 'info'
      else severity = 'low'
      const inSystem = execs.length > 0 && execs.every(a => isSystemPath(normalisePath(a.command)) || /^[a-z0-9_.-]+$/i.test(a.command))
      if (microsoft && principalIsSystem(t) && inSystem && !strong && severity !== 'info') severity = 'low'
      const first = execs[0]
      const action = first ? `${first.command}${first.arguments ? ` ${first.arguments}` : ''}` : t.actions[0]?.type ?? 'no action'
      const fields: Record<string, string> = {'task.path': path, action}
      if (t.principal?.userId || t.principal?.groupId) fields.principal = t.principal.userId ?? t.principal.groupId ?? ''
      if (t.triggers.length) fields.triggers = t.triggers.map(x => x.type).join(', ')
      if (hidden) fields.hidden = 'true'
      if (t.author) fields.author = t.author
      if (reasons.length) fields.reasons = reasons.map(r => r[1]).join('; ')
      return [
        makeFinding({
          rule: bits ? 'scheduled-task-bits' : TASK_INFO.id,
          title: bits ? `Scheduled task ${path} creates a BITS job` : suspicious ? `Suspicious scheduled task ${path}` : `Scheduled task ${path}`,
          severity,
          techniques: [...techniques],
          summary: `Task ${path || '?'} ${e.action.replace('task-', '')}: ${action}${hidden ? ' (hidden)' : ''}${logonBoot.length ? ` at ${logonBoot.join('/').toLowerCase()}` : ''}`,
          events: [e],
          fields,
          indicators: t !== e.task ? taskIndicators(t) : {},
        }),
      ]
    },
    finish: () => [],
  }
}

/** Indicators of a task read from TaskContent (the event's own facet may lack its actions). */
function taskIndicators(t: TaskFacet): {paths?: string[]; tasks?: string[]} {
  const paths = t.actions.flatMap(a => (a.type === 'exec' ? [normalisePath(a.command)] : [])).filter(p => /^[a-z]:\\/.test(p))
  return {...(paths.length ? {paths} : {}), ...(t.path ? {tasks: [t.path.toLowerCase()]} : {})}
}

export const SCHEDULED_TASK_BITS_INFO: AnalyzerInfo = {
  id: 'scheduled-task-bits',
  title: 'Scheduled task that creates a BITS job',
  description: 'A task whose action runs bitsadmin or Start-BitsTransfer: recreates BITS persistence on a schedule.',
  techniques: ['T1053.005', 'T1197'],
  severity: 'high',
  appliesTo: TASK_INFO.appliesTo,
}
