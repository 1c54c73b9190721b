/** Microsoft-Windows-TaskScheduler/Operational. */

import type {ProcessFacet, TaskFacet} from '../../model/event.js'
import {defined, field, intValue, oneLine, splitAccount} from './fields.js'
import type {Mapped} from './mapped.js'
import type {WinEventRecord} from './record.js'

const ACTIONS: Record<number, [string, string]> = {
  106: ['task-registered', 'Scheduled task registered'],
  140: ['task-updated', 'Scheduled task updated'],
  141: ['task-deleted', 'Scheduled task deleted'],
  129: ['task-process-created', 'Scheduled task launched a process'],
  200: ['task-action-started', 'Scheduled task action started'],
  201: ['task-action-completed', 'Scheduled task action completed'],
}

export function mapTaskScheduler(rec: WinEventRecord): Mapped | undefined {
  const known = ACTIONS[rec.eventId]
  if (!known) return undefined
  const d = rec.data
  const path = field(d, 'TaskName')
  const actionName = field(d, 'ActionName')
  const task: TaskFacet = {
    triggers: [],
    actions: actionName && rec.eventId !== 129 ? [{type: 'exec', command: actionName}] : [],
    ...(path ? {path} : {}),
  }
  const image = rec.eventId === 129 ? field(d, 'Path') : undefined
  const process = image ? defined<ProcessFacet>({image, pid: intValue(field(d, 'ProcessID'))}) : undefined
  const user = splitAccount(field(d, 'UserContext', 'UserName'))
  const detail = image ?? actionName
  const result = rec.eventId === 201 ? field(d, 'ResultCode') : undefined
  return {category: 'task', action: known[0], task, ...(process ? {process} : {}), ...(user ? {user} : {}),
    message: oneLine(`${known[1]}: ${path ?? '?'}${detail ? ` (${detail})` : ''}${result !== undefined ? ` result ${result}` : ''}`)}
}
