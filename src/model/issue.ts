/** A problem met while reading evidence: reported, never fatal to the run. */
export interface ParseIssue {
  path: string
  severity: 'warning' | 'error'
  reason: string
  offset?: number
  line?: number
  chunk?: number
  record?: number
}
