/** Runs an ArtefactParser on a file and collects what it yields and reports (shared by the csv, ndjson and windows-event tests). */

import type {TriageEvent} from '../../src/model/event.js'
import type {ParseIssue} from '../../src/model/issue.js'
import {ianaZone, type SourceZone} from '../../src/model/time.js'
import type {ArtefactParser} from '../../src/parsers/types.js'

export interface ParseRun {
  events: TriageEvent[]
  issues: ParseIssue[]
  records: number
}

export async function runParser(parser: ArtefactParser, path: string, zone: SourceZone = ianaZone('Europe/Berlin')): Promise<ParseRun> {
  const issues: ParseIssue[] = []
  let records = 0
  const events: TriageEvent[] = []
  const ctx = {
    path,
    zone,
    issue: (i: Omit<ParseIssue, 'path'>) => issues.push({path, ...i}),
    countRecords: (n = 1) => {
      records += n
    },
  }
  for await (const e of parser.parse(path, ctx)) events.push(e)
  return {events, issues, records}
}
