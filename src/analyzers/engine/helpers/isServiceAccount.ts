import {isServiceAccount as test} from '../../text/users.js'
import type {Helper} from '../types.js'

export const isServiceAccount: Helper = {
  name: 'isServiceAccount',
  takes: 'value',
  description: 'the account is SYSTEM, LOCAL SERVICE, NETWORK SERVICE, a service or machine account',
  test: v => test(v),
}
