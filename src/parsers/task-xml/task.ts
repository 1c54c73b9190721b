/** Turns a `<Task>` element tree into the TaskFacet of the event model. */

import type {TaskAction, TaskFacet, TaskTrigger} from '../../model/event.js'
import {child, childText, readTaskElements, type TreeIssue, type XmlElement} from './tree.js'

export interface ParseTaskXmlOptions {
  /**
   * Task path known from outside the XML (the file's place under `System32\Tasks`, or the TaskName of a 4698/4702
   * event). Used when the document holds exactly one task; otherwise each task's comment or URI gives its path.
   */
  path?: string
}

export interface ParseTaskXmlResult {
  tasks: TaskFacet[]
  /** 1-based line of each task's `<Task>` element, parallel to `tasks`. */
  lines: number[]
  /** Problems met; line numbers are within `xml`. */
  issues: TreeIssue[]
}

/**
 * Parses task XML: one task (a System32\Tasks file or the TaskContent of Security 4698/4702) or many
 * (`schtasks /query /xml`, with or without a `<Tasks>` wrapper). Never expands entities, never reads files.
 */
export function parseTaskXml(xml: string, opts: ParseTaskXmlOptions = {}): ParseTaskXmlResult {
  const {tasks: elements, issues} = readTaskElements(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml)
  const tasks: TaskFacet[] = []
  const lines: number[] = []
  for (const entry of elements) {
    const taskIssues: TreeIssue[] = []
    const task = taskFromElement(entry.element, taskIssues)
    const commentPath = entry.comment && /^\\\S/.test(entry.comment) ? entry.comment : undefined
    const path = (elements.length === 1 ? opts.path : undefined) ?? commentPath ?? task.uri
    if (path !== undefined) task.path = path
    if (entry.incomplete) {
      issues.push({severity: 'error', line: entry.element.line, reason: `task ${path ?? '(no path)'} is incomplete: </Task> missing, fields after the damage are lost`})
    }
    issues.push(...taskIssues)
    tasks.push(task)
    lines.push(entry.element.line)
  }
  if (elements.length === 0 && !issues.some(i => i.severity === 'error')) issues.push({severity: 'error', reason: 'no <Task> element found'})
  return {tasks, lines, issues}
}

function bool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined
  const t = text.toLowerCase()
  if (t === 'true' || t === '1') return true
  if (t === 'false' || t === '0') return false
  return undefined
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value
}

function taskFromElement(task: XmlElement, issues: TreeIssue[]): TaskFacet {
  const facet: TaskFacet = {triggers: [], actions: []}
  const reg = child(task, 'RegistrationInfo')
  setIf(facet, 'uri', childText(reg, 'URI'))
  setIf(facet, 'author', childText(reg, 'Author'))
  setIf(facet, 'description', childText(reg, 'Description'))
  setIf(facet, 'date', childText(reg, 'Date'))
  setIf(facet, 'source', childText(reg, 'Source'))

  for (const t of child(task, 'Triggers')?.children ?? []) facet.triggers.push(trigger(t))

  const actionsEl = child(task, 'Actions')
  const context = actionsEl?.attributes.Context
  const principals = child(task, 'Principals')?.children.filter(c => c.name === 'Principal') ?? []
  const principalEl = principals.find(p => context !== undefined && p.attributes.id === context) ?? principals[0]
  if (principalEl) {
    const principal: NonNullable<TaskFacet['principal']> = {}
    setIf(principal, 'id', principalEl.attributes.id)
    setIf(principal, 'userId', childText(principalEl, 'UserId'))
    setIf(principal, 'groupId', childText(principalEl, 'GroupId'))
    setIf(principal, 'logonType', childText(principalEl, 'LogonType'))
    setIf(principal, 'runLevel', childText(principalEl, 'RunLevel'))
    facet.principal = principal
  }

  const settings = child(task, 'Settings')
  setIf(facet, 'hidden', bool(childText(settings, 'Hidden')))
  setIf(facet, 'enabled', bool(childText(settings, 'Enabled')))

  for (const a of actionsEl?.children ?? []) {
    const action = taskAction(a)
    if (action) facet.actions.push(action)
    else issues.push({severity: 'warning', line: a.line, reason: `unknown task action <${a.name}> ignored`})
    if (action?.type === 'exec' && action.command === '') issues.push({severity: 'warning', line: a.line, reason: 'Exec action without <Command>'})
  }
  return facet
}

function trigger(el: XmlElement): TaskTrigger {
  const type = el.name.endsWith('Trigger') && el.name.length > 'Trigger'.length ? el.name.slice(0, -'Trigger'.length) : el.name
  const t: TaskTrigger = {type}
  setIf(t, 'enabled', bool(childText(el, 'Enabled')))
  setIf(t, 'startBoundary', childText(el, 'StartBoundary'))
  setIf(t, 'endBoundary', childText(el, 'EndBoundary'))
  setIf(t, 'delay', childText(el, 'Delay'))
  setIf(t, 'userId', childText(el, 'UserId'))
  const repetition = child(el, 'Repetition')
  setIf(t, 'repetitionInterval', childText(repetition, 'Interval'))
  setIf(t, 'repetitionDuration', childText(repetition, 'Duration'))
  setIf(t, 'subscription', childText(el, 'Subscription'))
  setIf(t, 'schedule', schedule(el))
  return t
}

/** Calendar schedules and session state changes as one line: `ByWeek WeeksInterval=2 DaysOfWeek=Monday,Friday`. */
function schedule(el: XmlElement): string | undefined {
  const state = childText(el, 'StateChange')
  if (state) return `StateChange=${state}`
  const sched = el.children.find(c => c.name.startsWith('ScheduleBy'))
  if (!sched) return undefined
  const parts = [sched.name.slice('Schedule'.length)]
  for (const c of sched.children) {
    const value = c.children.length > 0 ? c.children.map(v => (v.name === 'Day' || v.name === 'Week' ? v.text.trim() : v.name)).join(',') : c.text.trim()
    parts.push(`${c.name}=${value}`)
  }
  return parts.join(' ')
}

function taskAction(el: XmlElement): TaskAction | undefined {
  switch (el.name) {
    case 'Exec': {
      const a: TaskAction = {type: 'exec', command: childText(el, 'Command') ?? ''}
      setIf(a, 'arguments', childText(el, 'Arguments'))
      setIf(a, 'workingDirectory', childText(el, 'WorkingDirectory'))
      return a
    }
    case 'ComHandler': {
      const a: TaskAction = {type: 'com', classId: childText(el, 'ClassId') ?? ''}
      setIf(a, 'data', childText(el, 'Data'))
      return a
    }
    case 'SendEmail': {
      const a: TaskAction = {type: 'email'}
      setIf(a, 'to', childText(el, 'To'))
      setIf(a, 'from', childText(el, 'From'))
      setIf(a, 'subject', childText(el, 'Subject'))
      setIf(a, 'server', childText(el, 'Server'))
      return a
    }
    case 'ShowMessage': {
      const a: TaskAction = {type: 'message'}
      setIf(a, 'title', childText(el, 'Title'))
      setIf(a, 'body', childText(el, 'Body'))
      return a
    }
    default:
      return undefined
  }
}
