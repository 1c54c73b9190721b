import {managesJob as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const managesBitsJob: Helper = {
  name: 'managesBitsJob',
  takes: 'value',
  description: 'the command line creates, resumes, completes or reconfigures a BITS job (bitsadmin, PowerShell or the COM API)',
  test: v => test(v),
}
