/**
 * Reads task XML into small element trees, one per `<Task>`, with saxes. Entities declared in a DOCTYPE are never
 * expanded and nothing outside the text is ever read: references stay as literal text and are reported.
 */

import {SaxesParser} from 'saxes'
import type {ParseIssue} from '../../model/issue.js'

export interface XmlElement {
  /** Local name (namespace prefix removed). */
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
  line: number
}

export interface TaskElement {
  element: XmlElement
  /** Text of the last comment seen before the task (schtasks writes the task path there). */
  comment?: string
  /** The `</Task>` was never seen: the element holds what was read before the damage. */
  incomplete?: true
}

export type TreeIssue = Omit<ParseIssue, 'path'>

const MAX_DEPTH = 64
const MAX_TEXT = 1024 * 1024
const MAX_ISSUES = 20

function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

/** Blanks XML declarations (keeping line breaks) so several concatenated documents parse as one fragment. */
function blankDeclarations(xml: string): string {
  return xml.replace(/<\?xml\s[^?]*\?>/g, decl => decl.replace(/[^\n]/g, ' '))
}

export function readTaskElements(xml: string): {tasks: TaskElement[]; issues: TreeIssue[]} {
  const tasks: TaskElement[] = []
  const issues: TreeIssue[] = []
  let suppressed = 0
  const report = (issue: TreeIssue): void => {
    if (issues.length < MAX_ISSUES) issues.push(issue)
    else suppressed++
  }

  const parser = new SaxesParser({xmlns: false, position: true, fragment: true})
  const stack: XmlElement[] = []
  let taskDepth = -1
  let depth = 0
  let lastComment: string | undefined
  let pendingComment: string | undefined

  parser.on('doctype', () => {
    report({
      severity: 'warning',
      line: parser.line,
      reason: 'DOCTYPE declaration ignored: its entities are never expanded and no external entity is read',
    })
  })
  parser.on('comment', text => {
    lastComment = text.trim()
  })
  parser.on('opentag', tag => {
    depth++
    const name = localName(tag.name)
    if (taskDepth < 0) {
      if (name !== 'Task') return
      taskDepth = depth
      pendingComment = lastComment
      lastComment = undefined
    }
    if (stack.length >= MAX_DEPTH) return
    const attributes: Record<string, string> = {}
    for (const [key, value] of Object.entries(tag.attributes)) attributes[localName(key)] = value
    const element: XmlElement = {name, attributes, children: [], text: '', line: parser.line}
    stack.at(-1)?.children.push(element)
    stack.push(element)
  })
  parser.on('text', text => {
    const top = stack.at(-1)
    if (top && top.text.length < MAX_TEXT) top.text += text.slice(0, MAX_TEXT - top.text.length)
  })
  parser.on('cdata', text => {
    const top = stack.at(-1)
    if (top && top.text.length < MAX_TEXT) top.text += text.slice(0, MAX_TEXT - top.text.length)
  })
  parser.on('closetag', () => {
    if (taskDepth >= 0 && depth <= taskDepth + MAX_DEPTH - 1) {
      const element = stack.pop()
      if (depth === taskDepth && element) {
        tasks.push(pendingComment === undefined ? {element} : {element, comment: pendingComment})
        taskDepth = -1
        stack.length = 0
      }
    }
    depth--
  })
  parser.on('error', err => {
    const message = err.message.replace(/^\d+:\d+: /, '')
    // Reported by the doctype handler with a clearer reason.
    if (message === 'inappropriately located doctype declaration.') return
    const reason =
      message === 'undefined entity.'
        ? `entity reference left unexpanded at column ${parser.column} (DOCTYPE entities are never expanded)`
        : `XML not well-formed at column ${parser.column}: ${message.replace(/\.$/, '')}`
    report({severity: message === 'undefined entity.' ? 'warning' : 'error', line: parser.line, reason})
  })
  parser.write(blankDeclarations(xml)).close()
  if (taskDepth >= 0 && stack[0]) tasks.push({element: stack[0], ...(pendingComment === undefined ? {} : {comment: pendingComment}), incomplete: true})
  if (suppressed > 0) issues.push({severity: 'warning', reason: `${suppressed} further XML problems not listed`})
  return {tasks, issues}
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find(c => c.name === name)
}

export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const c = child(element, name)
  if (!c) return undefined
  return c.text.trim()
}
