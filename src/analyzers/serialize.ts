/** A finding as it goes into the JSON result: without the event objects. */
import type {Finding} from '../model/finding.js'

export function toResultFinding(f: Finding): Omit<Finding, 'events'> {
  const {events: _events, ...rest} = f
  return rest
}
