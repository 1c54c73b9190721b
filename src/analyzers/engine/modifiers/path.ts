import {normalisePath} from '../../text/paths.js'
import type {Modifier} from '../types.js'

export const path: Modifier = {
  name: 'path',
  kind: 'actual',
  description: 'normalise a Windows path first: quotes and \\??\\ removed, %SystemRoot% expanded, lower-case',
  apply: normalisePath,
}
