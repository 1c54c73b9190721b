import {tunesRetry as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const tunesBitsRetry: Helper = {
  name: 'tunesBitsRetry',
  takes: 'value',
  description: 'the command line sets a BITS retry delay or no-progress timeout',
  test: v => test(v),
}
