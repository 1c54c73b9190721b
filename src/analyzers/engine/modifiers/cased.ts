import type {Modifier} from '../types.js'

export const cased: Modifier = {
  name: 'cased',
  kind: 'flag',
  description: 'compare case-sensitively (the default is case-insensitive)',
  set(flags) {
    flags.caseSensitive = true
  },
}
