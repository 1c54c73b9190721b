import {BitstrailError} from '../../model/errors.js'

/** A rule file that cannot be used: names the file, the rule and what is wrong where. */
export class RuleError extends BitstrailError {
  override name = 'RuleError'
  constructor(
    readonly file: string,
    readonly ruleId: string | undefined,
    reason: string,
    options?: {cause?: unknown},
  ) {
    super(`${file}${ruleId ? ` (rule ${ruleId})` : ''}: ${reason}`, options)
  }
}
