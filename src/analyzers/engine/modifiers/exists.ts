import type {Modifier} from '../types.js'

export const exists: Modifier = {
  name: 'exists',
  kind: 'compare',
  description: 'the field is present and not empty (rule value true) or absent (false)',
  expects: 'boolean',
  acceptsMissing: true,
  compile(expected) {
    return actual => (actual !== undefined && actual !== '') === expected
  },
}
