import {basename as base} from '../../text/paths.js'
import type {Modifier} from '../types.js'

export const basename: Modifier = {
  name: 'basename',
  kind: 'actual',
  description: 'compare the last component of a path',
  apply: base,
}
