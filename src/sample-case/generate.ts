import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {bitsClientLog, securityLog, sysmonLog, systemLog} from './evtx-artefacts.js'
import {BENIGN_TASK_XML, MALICIOUS_TASK_XML, bitsadminListing, elasticExport, registryExport, utf16WithBom} from './text-artefacts.js'

/** The files of the sample case, as a KAPE-style collection tree, relative path → bytes. */
export function sampleCaseFiles(): Map<string, Uint8Array> {
  const logs = 'C/Windows/System32/winevt/Logs'
  return new Map<string, Uint8Array>([
    [`${logs}/Microsoft-Windows-Sysmon%4Operational.evtx`, sysmonLog()],
    [`${logs}/Microsoft-Windows-Bits-Client%4Operational.evtx`, bitsClientLog()],
    [`${logs}/Security.evtx`, securityLog()],
    [`${logs}/System.evtx`, systemLog()],
    ['C/Windows/System32/Tasks/UpdSvc/Refresh', utf16WithBom(MALICIOUS_TASK_XML.split('\r\n'))],
    ['C/Windows/System32/Tasks/MicrosoftEdgeUpdateTaskMachineCore', utf16WithBom(BENIGN_TASK_XML.split('\r\n'))],
    ['Live/bitsadmin_list_allusers_verbose.txt', bitsadminListing()],
    ['Registry/autoruns_and_timezone.reg', registryExport()],
    ['SIEM/winlogbeat-ws-fin-07.ndjson', Buffer.from(elasticExport(), 'utf8')],
  ])
}

export async function writeSampleCase(dir: string): Promise<string[]> {
  const written: string[] = []
  for (const [rel, bytes] of sampleCaseFiles()) {
    const full = path.join(dir, rel)
    await mkdir(path.dirname(full), {recursive: true})
    await writeFile(full, bytes)
    written.push(full)
  }
  return written
}
