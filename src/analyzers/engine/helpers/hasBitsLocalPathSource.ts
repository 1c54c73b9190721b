import {hasLocalPathSource as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const hasBitsLocalPathSource: Helper = {
  name: 'hasBitsLocalPathSource',
  takes: 'value',
  description: 'a BITS file is added with a local drive path as its URL (completes at once and fires the notify command)',
  test: v => test(v),
}
