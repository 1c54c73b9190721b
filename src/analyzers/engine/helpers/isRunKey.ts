import {isRunKey as test} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isRunKey: Helper = {
  name: 'isRunKey',
  takes: 'value',
  description: 'the registry key is a Run, RunOnce, RunOnceEx, RunServices or Policies\\Explorer\\Run key (WOW6432Node too)',
  test: v => test(v),
}
