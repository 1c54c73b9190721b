import {setsNotifyCommand as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const setsBitsNotifyCommand: Helper = {
  name: 'setsBitsNotifyCommand',
  takes: 'value',
  description: 'the command line sets a BITS notify command (/SetNotifyCmdLine JOB PROGRAM ..., not NULL)',
  test: v => test(v),
}
