/** Caps how many problems one file reports one by one, so a file of garbage cannot flood the run; the rest are counted. */

import type {ParseIssue} from '../../model/issue.js'
import type {ParseContext} from '../types.js'

export const DEFAULT_MAX_ISSUES = 1000

export class IssueLimiter {
  private reported = 0
  private dropped = 0

  constructor(
    private readonly ctx: ParseContext,
    private readonly max: number = DEFAULT_MAX_ISSUES,
  ) {}

  issue(issue: Omit<ParseIssue, 'path'>): void {
    if (this.reported < this.max) {
      this.reported++
      this.ctx.issue(issue)
    } else {
      this.dropped++
    }
  }

  /** Reports how many problems were not listed, if any. */
  finish(): void {
    if (this.dropped > 0) this.ctx.issue({severity: 'error', reason: `${this.dropped} more problem(s) in this file not listed (only the first ${this.max} are)`})
  }
}
