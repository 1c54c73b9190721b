import {normaliseCommandLine} from '../../text/cmdline.js'
import type {Modifier} from '../types.js'

export const cmd: Modifier = {
  name: 'cmd',
  kind: 'actual',
  description: 'normalise a command line first: carets, quotes and backticks removed, switches written /name, lower-case',
  apply: normaliseCommandLine,
}
