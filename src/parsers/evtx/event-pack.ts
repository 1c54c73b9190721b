/**
 * A chunk's WinEventRecords packed for the trip from a worker thread: each distinct string once (logs repeat
 * their values, and the decoder hands out the same string for a repeated value), numbers and string indexes in
 * typed arrays that are transferred, not cloned. Structured clone of the records themselves costs more than
 * decoding them; unpacking costs little more than building the objects.
 */

import type {SourceRef} from '../../model/event.js'
import type {WinEventRecord} from '../windows-event/record.js'
import {winEventRecord} from './win-event.js'

export interface PackedEvents {
  strings: string[]
  /** Per record NUMS numbers: eventId, recordId, source record, source offset, processId, threadId. */
  nums: Float64Array
  /** Per record: flags, provider, channel, time, computer, userSid, source path, source kind, field count, then key/value pairs. */
  refs: Int32Array
}

const NUMS = 6
const REFS = 9
const Has = {channel: 1, time: 2, computer: 4, userSid: 8, processId: 16, threadId: 32, recordId: 64, record: 128, offset: 256} as const

/**
 * Strings of one chunk. Keys (few) are found by value; a value is looked for only in its slot (its key, or its
 * System field), where the previous record's value usually is the very same string.
 */
class StringTable {
  readonly strings: string[] = []
  private readonly keys = new Map<string, number>()
  private readonly slotText: string[] = []
  private readonly slotIndex: number[] = []

  key(s: string): number {
    let i = this.keys.get(s)
    if (i === undefined) {
      i = this.add(s)
      this.keys.set(s, i)
    }
    return i
  }

  /** `s` in slot `slot` (a key's index, or a negative number for a System field). */
  value(slot: number, s: string): number {
    const k = slot + SYSTEM_SLOTS
    if (this.slotText[k] === s) return this.slotIndex[k]!
    const i = this.add(s)
    this.slotText[k] = s
    this.slotIndex[k] = i
    return i
  }

  private add(s: string): number {
    this.strings.push(s)
    return this.strings.length - 1
  }
}

/** Slots of the System strings: -1 .. -SYSTEM_SLOTS. */
const SYSTEM_SLOTS = 7

class IntList {
  a = new Int32Array(1024)
  n = 0
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = new Int32Array(this.a.length * 2)
      next.set(this.a)
      this.a = next
    }
    this.a[this.n++] = v
  }
}

export function packEvents(events: readonly WinEventRecord[]): PackedEvents {
  const table = new StringTable()
  const nums = new Float64Array(events.length * NUMS)
  const refs = new IntList()
  for (let e = 0; e < events.length; e++) {
    const ev = events[e]!
    const src = ev.source
    let flags = 0
    if (ev.channel !== undefined) flags |= Has.channel
    if (ev.time !== undefined) flags |= Has.time
    if (ev.computer !== undefined) flags |= Has.computer
    if (ev.userSid !== undefined) flags |= Has.userSid
    if (ev.processId !== undefined) flags |= Has.processId
    if (ev.threadId !== undefined) flags |= Has.threadId
    if (ev.recordId !== undefined) flags |= Has.recordId
    if (src.record !== undefined) flags |= Has.record
    if (src.offset !== undefined) flags |= Has.offset
    const n = e * NUMS
    nums[n] = ev.eventId
    nums[n + 1] = ev.recordId ?? 0
    nums[n + 2] = src.record ?? 0
    nums[n + 3] = src.offset ?? 0
    nums[n + 4] = ev.processId ?? 0
    nums[n + 5] = ev.threadId ?? 0
    refs.push(flags)
    refs.push(table.value(-1, ev.provider))
    refs.push(ev.channel !== undefined ? table.value(-2, ev.channel) : -1)
    refs.push(ev.time !== undefined ? table.value(-3, ev.time) : -1)
    refs.push(ev.computer !== undefined ? table.value(-4, ev.computer) : -1)
    refs.push(ev.userSid !== undefined ? table.value(-5, ev.userSid) : -1)
    refs.push(table.value(-6, src.path))
    refs.push(table.value(-7, src.kind))
    const at = refs.n
    refs.push(0)
    let count = 0
    for (const k in ev.data) {
      const key = table.key(k)
      refs.push(key)
      refs.push(table.value(key, ev.data[k]!))
      count++
    }
    refs.a[at] = count
  }
  return {strings: table.strings, nums, refs: refs.a.slice(0, refs.n)}
}

/** The records packEvents packed, equal to them property by property and in property order. */
export function unpackEvents(p: PackedEvents): WinEventRecord[] {
  const {strings: s, nums, refs} = p
  const events: WinEventRecord[] = []
  let r = 0
  for (let n = 0; r < refs.length; n += NUMS) {
    const flags = refs[r]!
    const count = refs[r + REFS - 1]!
    const data: Record<string, string> = {}
    let f = r + REFS
    for (let i = 0; i < count; i++, f += 2) data[s[refs[f]!]!] = s[refs[f + 1]!]!
    const source: SourceRef = {path: s[refs[r + 6]!]!, kind: s[refs[r + 7]!]! as SourceRef['kind']}
    if (flags & Has.record) source.record = nums[n + 2]!
    if (flags & Has.offset) source.offset = nums[n + 3]!
    events.push(winEventRecord(
      s[refs[r + 1]!]!, nums[n]!, flags & Has.recordId ? nums[n + 1]! : undefined, data, source,
      flags & Has.channel ? s[refs[r + 2]!]! : undefined, flags & Has.time ? s[refs[r + 3]!]! : undefined,
      flags & Has.computer ? s[refs[r + 4]!]! : undefined, flags & Has.userSid ? s[refs[r + 5]!]! : undefined,
      flags & Has.processId ? nums[n + 4]! : undefined, flags & Has.threadId ? nums[n + 5]! : undefined,
    ))
    r = f
  }
  return events
}
