import {ASSUMED_UTC, ianaZone, type SourceZone} from '../model/time.js'
import type {TriageEvent} from '../model/event.js'
import {createTimeZoneCollector} from '../parsers/reg/index.js'

/**
 * Chooses the zone for zone-less evidence times: the host's own (TimeZoneInformation in a `.reg` export),
 * else `--source-tz`, else UTC with a warning.
 */
export class SourceZoneResolver {
  private readonly collector = createTimeZoneCollector()
  private readonly flagZone: SourceZone | undefined
  private evidenceZone: SourceZone | undefined
  private dirty = false

  constructor(sourceTz?: string) {
    this.flagZone = sourceTz ? ianaZone(sourceTz, 'source-tz') : undefined
  }

  observe(event: TriageEvent): void {
    if (event.registry && /\\TimeZoneInformation$|\\Control\\Select$/i.test(event.registry.key)) {
      this.collector.add(event.registry)
      this.dirty = true
    }
  }

  zone(): SourceZone {
    if (this.dirty) {
      this.evidenceZone = this.collector.zone() ?? this.evidenceZone
      this.dirty = false
    }
    return this.evidenceZone ?? this.flagZone ?? ASSUMED_UTC
  }

  /** The warning the report carries when zone-less times were read as UTC, else undefined. */
  warning(zoneLessTimesSeen: boolean): string | undefined {
    if (!zoneLessTimesSeen || this.zone().basis !== 'assumed-utc') return undefined
    return 'Times without a zone (bitsadmin listings, CSV exports) were read as UTC: the evidence holds no TimeZoneInformation and no --source-tz was given.'
  }
}
