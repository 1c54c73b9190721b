/** The normalised event every parser yields and every analyzer reads. */

export type ArtefactKind =
  | 'evtx'
  | 'regf'
  | 'reg'
  | 'task-xml'
  | 'bitsadmin'
  | 'csv'
  | 'ndjson'
  | 'json'

/** Where an event came from: enough to find it again in the evidence. */
export interface SourceRef {
  path: string
  kind: ArtefactKind
  /** EVTX EventRecordID, or the row/document number of an export. */
  record?: number
  /** 1-based line in a text artefact. */
  line?: number
  /** Registry key (with value name after `\\@` or `\\name`), task path, or job GUID. */
  key?: string
  /** Byte offset in the file. */
  offset?: number
}

export interface UserRef {
  name?: string
  domain?: string
  sid?: string
}

export interface ProcessFacet {
  image?: string
  commandLine?: string
  pid?: number
  guid?: string
  user?: string
  integrity?: string
  currentDirectory?: string
  hashes?: string
  parentImage?: string
  parentCommandLine?: string
  parentPid?: number
  parentGuid?: string
  parentUser?: string
}

export interface BitsJobFile {
  url: string
  local?: string
  bytesTransferred?: number
  bytesTotal?: number
  state?: string
}

export interface BitsJobFacet {
  id?: string
  title?: string
  type?: string
  state?: string
  owner?: string
  priority?: string
  files?: BitsJobFile[]
  /** Full notify command line as recorded (program + parameters). */
  notifyCommandLine?: string
  notifyProgram?: string
  notifyParameters?: string
  notifyFlags?: string
  creatingProcess?: string
  creatingPid?: number
  created?: string
  modified?: string
  completed?: string
  errorCount?: number
  errorCode?: string
  errorContext?: string
  errorFile?: string
  retryDelaySeconds?: number
  noProgressTimeoutSeconds?: number
  bytesTransferred?: number
  bytesTotal?: number
  fileCount?: number
  /** HRESULT of a transfer (Bits-Client 60/61), as `0x...`. */
  hresult?: string
  description?: string
  integrity?: string
  elevated?: boolean
  proxyUsage?: string
  proxyList?: string
}

export type RegistryOperation = 'set' | 'delete-value' | 'delete-key' | 'create-key' | 'rename-key'

export interface RegistryFacet {
  /** Full key path with a normalised hive prefix (`HKLM\\...`, `HKCU\\...`, `HKU\\S-1-5-...\\...`). */
  key: string
  /** Value name; `(Default)` for the default value. Absent for key-level operations. */
  value?: string
  /** REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD, REG_BINARY, REG_MULTI_SZ, REG_NONE, ... */
  type?: string
  /** Data as text: strings as is, numbers in decimal, binary as upper-case hex, multi-strings joined by `\n`. */
  data?: string
  operation: RegistryOperation
}

export interface TaskTrigger {
  /** Logon, Boot, Time, Calendar, Idle, Registration, Event, SessionStateChange, ... */
  type: string
  enabled?: boolean
  startBoundary?: string
  endBoundary?: string
  delay?: string
  userId?: string
  repetitionInterval?: string
  repetitionDuration?: string
  subscription?: string
  schedule?: string
}

export type TaskAction =
  | {type: 'exec'; command: string; arguments?: string; workingDirectory?: string}
  | {type: 'com'; classId: string; data?: string}
  | {type: 'email'; to?: string; from?: string; subject?: string; server?: string}
  | {type: 'message'; title?: string; body?: string}

export interface TaskFacet {
  /** Task path as registered, e.g. `\\Microsoft\\Windows\\Foo`. */
  path?: string
  uri?: string
  author?: string
  description?: string
  date?: string
  source?: string
  triggers: TaskTrigger[]
  principal?: {id?: string; userId?: string; groupId?: string; logonType?: string; runLevel?: string}
  hidden?: boolean
  enabled?: boolean
  actions: TaskAction[]
}

export interface ServiceFacet {
  name?: string
  displayName?: string
  imagePath?: string
  startType?: string
  serviceType?: string
  account?: string
}

export interface FileFacet {
  path: string
  operation?: 'create' | 'write' | 'delete' | 'rename'
  hashes?: string
}

export interface NetworkFacet {
  sourceIp?: string
  sourcePort?: number
  destinationIp?: string
  destinationPort?: number
  destinationHost?: string
  protocol?: string
  url?: string
}

export type EventCategory =
  | 'process'
  | 'bits'
  | 'registry'
  | 'task'
  | 'service'
  | 'file'
  | 'network'
  | 'authentication'
  | 'other'

export interface TriageEvent {
  /** UTC ISO-8601 with the source's precision (EVTX: 7 fraction digits), always ending in `Z`. */
  time?: string
  /** Set when `time` was read from a zone-less source: how the zone was chosen. */
  timeZoneBasis?: 'evidence' | 'source-tz' | 'assumed-utc'
  source: SourceRef
  host?: string
  user?: UserRef
  category: EventCategory
  /** Short verb phrase: `process-start`, `bits-job-created`, `registry-value-set`, `task-registered`, ... */
  action: string
  eventId?: number
  provider?: string
  channel?: string
  /** One-line human description. */
  message?: string
  process?: ProcessFacet
  bits?: BitsJobFacet
  registry?: RegistryFacet
  task?: TaskFacet
  service?: ServiceFacet
  file?: FileFacet
  network?: NetworkFacet
  /** Raw named fields of the source (EVTX EventData, CSV columns, ...), kept for rules and detail views. */
  data?: Record<string, string>
}
