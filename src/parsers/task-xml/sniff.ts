import {sniffText} from '../text/encoding.js'

/** Why the first KB of a file look like task XML, or null. Accepts bytes in any encoding or decoded text. */
export function sniffTaskXml(input: string | Uint8Array): string | null {
  const text = sniffText(input, {singleByte: 'ansi'}).slice(0, 8192)
  if (/<Task\b[^>]*xmlns="http:\/\/schemas\.microsoft\.com\/windows\/2004\/02\/mit\/task"/.test(text)) return 'task XML: <Task> in the Task Scheduler namespace'
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[^]*?-->\s*)*<Tasks?>/.test(text) && /<(?:RegistrationInfo|Triggers|Actions|Principals)\b/.test(text)) {
    return 'task XML: <Task> with RegistrationInfo/Triggers/Actions'
  }
  return null
}
