import type {Modifier} from '../types.js'

export const all: Modifier = {
  name: 'all',
  kind: 'flag',
  description: 'every listed rule value must match (the default is any)',
  set(flags) {
    flags.all = true
  },
}
