/** ArtefactParser for task XML files: System32\Tasks entries and `schtasks /query /xml` output. */

import type {ArtefactParser, ParseContext} from '../types.js'
import type {TriageEvent} from '../../model/event.js'
import {readTextFile} from '../text/file.js'
import {taskEvent} from './event.js'
import {parseTaskXml} from './task.js'

const MAX_TASK_FILE = 64 * 1024 * 1024

/** `\Microsoft\Windows\Foo` for a file at `...\Windows\System32\Tasks\Microsoft\Windows\Foo` (either slash). */
export function taskPathFromFilePath(filePath: string): string | undefined {
  const m = /[\\/]System32[\\/]Tasks[\\/](.+)$/i.exec(filePath)
  if (!m?.[1]) return undefined
  return `\\${m[1].replace(/\//g, '\\')}`
}

export const taskXmlParser: ArtefactParser = {
  kind: 'task-xml',
  async *parse(filePath: string, ctx: ParseContext): AsyncIterable<TriageEvent> {
    const read = await readTextFile(filePath, {singleByte: 'ansi', maxBytes: MAX_TASK_FILE})
    if (!read.ok) {
      ctx.issue({severity: 'error', reason: read.reason})
      return
    }
    ctx.progress?.(read.size)
    const fromFile = taskPathFromFilePath(filePath)
    const result = parseTaskXml(read.text, fromFile === undefined ? {} : {path: fromFile})
    for (const issue of result.issues) ctx.issue(issue)
    for (const [i, task] of result.tasks.entries()) {
      if (ctx.signal?.aborted) return
      ctx.countRecords(1)
      const line = result.lines[i]
      yield taskEvent(task, {path: ctx.path, zone: ctx.zone, ...(line === undefined ? {} : {line})})
    }
  },
}
