/** One `task-defined` event per task definition. */

import type {TaskFacet, TriageEvent} from '../../model/event.js'
import type {SourceZone} from '../../model/time.js'
import {dateTimeToUtc, parseIsoDateTime} from '../text/datetime.js'

export interface TaskEventOptions {
  /** File the task was read from. */
  path: string
  line?: number
  /** Zone for a zone-less RegistrationInfo/Date. */
  zone: SourceZone
}

export function taskEvent(task: TaskFacet, opts: TaskEventOptions): TriageEvent {
  const event: TriageEvent = {
    source: {path: opts.path, kind: 'task-xml', ...(opts.line === undefined ? {} : {line: opts.line}), ...(task.path === undefined ? {} : {key: task.path})},
    category: 'task',
    action: 'task-defined',
    task,
    message: taskSummary(task),
  }
  const parsed = task.date === undefined ? undefined : parseIsoDateTime(task.date)
  const utc = parsed && dateTimeToUtc(parsed, opts.zone)
  if (utc) {
    event.time = utc.iso
    if (utc.zoneBasis) event.timeZoneBasis = utc.zoneBasis
  }
  const user = task.principal?.userId ?? task.principal?.groupId
  if (user !== undefined) event.user = /^S-1-[0-9-]+$/i.test(user) ? {sid: user} : splitAccount(user)
  return event
}

function splitAccount(account: string): {name: string; domain?: string} {
  const slash = account.indexOf('\\')
  return slash < 0 ? {name: account} : {domain: account.slice(0, slash), name: account.slice(slash + 1)}
}

/** `Task \Name: exec "cmd.exe /c ..." on Logon, Boot (hidden)`. */
export function taskSummary(task: TaskFacet): string {
  const actions = task.actions.map(a => {
    switch (a.type) {
      case 'exec':
        return `exec ${[a.command, a.arguments].filter(Boolean).join(' ')}`
      case 'com':
        return `COM ${a.classId}${a.data ? ` ${a.data}` : ''}`
      case 'email':
        return `e-mail to ${a.to ?? '?'}`
      case 'message':
        return `message ${a.title ?? ''}`.trimEnd()
    }
  })
  const triggers = task.triggers.map(t => t.type)
  const flags = [task.hidden ? 'hidden' : '', task.enabled === false ? 'disabled' : ''].filter(Boolean)
  return `Task ${task.path ?? '(no path)'}: ${actions.join('; ') || 'no action'}${triggers.length ? ` on ${triggers.join(', ')}` : ''}${flags.length ? ` (${flags.join(', ')})` : ''}`
}
