import {isInteractiveUser as test} from '../../text/users.js'
import type {Helper} from '../types.js'

export const isInteractiveUser: Helper = {
  name: 'isInteractiveUser',
  takes: 'value',
  description: 'the account is a named user, not SYSTEM, LOCAL SERVICE, NETWORK SERVICE, a service or machine account',
  test: v => test(v),
}
