/**
 * Rows and documents of SIEM exports (EvtxECmd CSV, Kibana CSV, ECS/Winlogbeat JSON, generic exports),
 * named the way bitstrail reads them, and their conversion to events.
 */

export const MODEL_FIELDS = [
  'time',
  'eventId',
  'provider',
  'channel',
  'host',
  'recordId',
  'userSid',
  'user',
  'userName',
  'userDomain',
  'processId',
  'threadId',
  'message',
  'payload',
  'ignore',
] as const
export type ModelField = (typeof MODEL_FIELDS)[number]

/** Where one column or document field goes. */
export type FieldTarget =
  /** `rank` orders aliases of one field: the lowest rank present wins (winlog.computer_name before host.name). */
  | {kind: 'model'; field: ModelField; rank: number}
  | {kind: 'eventData'; name: string}
  /** Any other field, under its ECS (or column) name: kept in `data`, and read for facets when it is an ECS name. */
  | {kind: 'extra'; name: string}

/** ECS / Winlogbeat names of the System part of a Windows event. */
export const ECS_MODEL_FIELDS: Record<string, [ModelField, number]> = {
  '@timestamp': ['time', 1],
  'winlog.event_id': ['eventId', 1],
  'event.code': ['eventId', 2],
  'winlog.provider_name': ['provider', 1],
  'event.provider': ['provider', 2],
  'winlog.channel': ['channel', 1],
  'winlog.computer_name': ['host', 1],
  'host.name': ['host', 2],
  'host.hostname': ['host', 3],
  'winlog.record_id': ['recordId', 1],
  'winlog.user.identifier': ['userSid', 1],
  'user.id': ['userSid', 2],
  'user.name': ['userName', 1],
  'user.domain': ['userDomain', 1],
  'winlog.user.name': ['userName', 2],
  'winlog.user.domain': ['userDomain', 2],
  'winlog.process.pid': ['processId', 1],
  'winlog.process.thread.id': ['threadId', 1],
  'message': ['message', 1],
}

const EVENT_DATA_PREFIXES = ['winlog.event_data.', 'winlog.user_data.', 'event_data.', 'data.']

/** Resolves a target name as written in a mapping (model field, ECS name, `winlog.event_data.X`). */
export function resolveTarget(name: string): FieldTarget {
  if ((MODEL_FIELDS as readonly string[]).includes(name)) return {kind: 'model', field: name as ModelField, rank: 0}
  const ecs = ECS_MODEL_FIELDS[name]
  if (ecs) return {kind: 'model', field: ecs[0], rank: ecs[1]}
  for (const prefix of EVENT_DATA_PREFIXES) {
    if (name.startsWith(prefix) && name.length > prefix.length) return {kind: 'eventData', name: name.slice(prefix.length)}
  }
  return {kind: 'extra', name}
}

/** One row or document, its values sorted by target. */
export interface ExportFields {
  model: Partial<Record<ModelField, string>>
  modelRank: Partial<Record<ModelField, number>>
  eventData: Record<string, string>
  extra: Record<string, string>
}

export function emptyExportFields(): ExportFields {
  return {model: {}, modelRank: {}, eventData: {}, extra: {}}
}

/** Stores a value; empty values are dropped; of several aliases of a model field the lowest rank wins, then the first. */
export function assignField(fields: ExportFields, target: FieldTarget, value: string): void {
  if (value === '') return
  switch (target.kind) {
    case 'model':
      if (target.field === 'ignore') return
      if (fields.model[target.field] === undefined || target.rank < (fields.modelRank[target.field] ?? 0)) {
        fields.model[target.field] = value
        fields.modelRank[target.field] = target.rank
      }
      return
    case 'eventData':
      fields.eventData[target.name] = value
      return
    case 'extra':
      fields.extra[target.name] = value
  }
}
