/** The playbook's next steps in each report language; `{name}` stands for a value of the step. */
import type {PlaybookStep, PlaybookStepKey} from '../../model/finding.js'

export type PlaybookLang = 'en' | 'de'

const TEXTS: Record<PlaybookLang, Record<PlaybookStepKey, string>> = {
  en: {
    'list-jobs': 'List every BITS job{on}: bitsadmin /list /allusers /verbose (or Get-BitsTransfer -AllUsers | Format-List *), and save the output as evidence.',
    'cancel-job': 'Record the notify command of BITS job {titled}{id} (bitsadmin /getnotifycmdline {id}), then cancel it: bitsadmin /cancel {id} (as its owner or an administrator).',
    'cancel-job-by-title': "Find BITS job '{title}' in the listing and cancel it by its GUID: bitsadmin /cancel {GUID}; Get-BitsTransfer -AllUsers | Where-Object DisplayName -eq '{title}' | Remove-BitsTransfer.",
    'cancel-job-by-notify': 'Find the BITS job{ofUser} whose NOTIFICATION COMMAND LINE runs {image}{quotedCommand} in the listing, then cancel it by its GUID: bitsadmin /cancel {GUID}.',
    'collect-files': 'Collect and hash (SHA-256) the referenced files{on}: {files} (Get-FileHash -Algorithm SHA256 <path>; keep copies before deleting).',
    'restore-winlogon': 'Restore the Winlogon value {value} under {key} to its default after exporting it (reg export "{key}" winlogon.reg).',
    'delete-run-value': 'Export, then delete the Run value: reg export "{key}" run.reg, then reg delete "{key}" {valueSwitch} /f.',
    'delete-task': 'Export, then delete the scheduled task {task}: schtasks /query /tn "{task}" /xml > task.xml, then schtasks /delete /tn "{task}" /f.',
    'delete-service': 'Record, stop and delete the service {service}: sc.exe qc {service}, sc.exe stop {service}, sc.exe delete {service}.',
    block: 'Block and hunt for these indicators at the proxy, firewall and EDR: {indicators}.',
    'restrict-bits': 'Restrict BITS: allow bitsadmin.exe and BITS job creation only where needed (AppLocker/WDAC rules, GPO), and alert on Bits-Client 3 from unusual processes and on children of the BITS svchost.',
    'review-accounts': 'Review the accounts involved ({users}): sessions, recent logons, password resets.',
    inform: 'Inform the IR lead, IT operations{on} and the CISO; keep the evidence files listed in the findings unchanged.',
  },
  de: {
    'list-jobs': 'Alle BITS-Jobs auflisten{on}: bitsadmin /list /allusers /verbose (oder Get-BitsTransfer -AllUsers | Format-List *) und die Ausgabe als Beweismittel sichern.',
    'cancel-job': 'Notify-Befehl des BITS-Jobs {titled}{id} sichern (bitsadmin /getnotifycmdline {id}), dann den Job abbrechen: bitsadmin /cancel {id} (als Besitzer oder Administrator).',
    'cancel-job-by-title': "BITS-Job '{title}' in der Auflistung suchen und über seine GUID abbrechen: bitsadmin /cancel {GUID}; Get-BitsTransfer -AllUsers | Where-Object DisplayName -eq '{title}' | Remove-BitsTransfer.",
    'cancel-job-by-notify': 'Den BITS-Job{ofUser} suchen, dessen NOTIFICATION COMMAND LINE {image}{quotedCommand} startet, und ihn über seine GUID abbrechen: bitsadmin /cancel {GUID}.',
    'collect-files': 'Die genannten Dateien sichern und hashen (SHA-256){on}: {files} (Get-FileHash -Algorithm SHA256 <Pfad>; vor dem Löschen Kopien aufbewahren).',
    'restore-winlogon': 'Den Winlogon-Wert {value} unter {key} exportieren (reg export "{key}" winlogon.reg) und auf den Standard zurücksetzen.',
    'delete-run-value': 'Den Run-Wert exportieren und löschen: reg export "{key}" run.reg, dann reg delete "{key}" {valueSwitch} /f.',
    'delete-task': 'Die geplante Aufgabe {task} exportieren und löschen: schtasks /query /tn "{task}" /xml > task.xml, dann schtasks /delete /tn "{task}" /f.',
    'delete-service': 'Den Dienst {service} dokumentieren, stoppen und löschen: sc.exe qc {service}, sc.exe stop {service}, sc.exe delete {service}.',
    block: 'Diese Indikatoren an Proxy, Firewall und EDR sperren und danach suchen: {indicators}.',
    'restrict-bits': 'BITS einschränken: bitsadmin.exe und das Anlegen von BITS-Jobs nur wo nötig erlauben (AppLocker/WDAC-Regeln, GPO) und auf Bits-Client 3 aus ungewöhnlichen Prozessen sowie auf Kindprozesse des BITS-svchost alarmieren.',
    'review-accounts': 'Die beteiligten Konten prüfen ({users}): Sitzungen, letzte Anmeldungen, Kennwörter zurücksetzen.',
    inform: 'IR-Leitung, IT-Betrieb{on} und CISO informieren; die in den Befunden genannten Beweisdateien unverändert lassen.',
  },
}

/** Words around optional values, per language. */
const JOINERS: Record<PlaybookLang, {on: string; of: string; more: string}> = {
  en: {on: ' on ', of: ' of ', more: 'more'},
  de: {on: ' auf ', of: ' von ', more: 'weitere'},
}

/** The step as a sentence in the given language. */
export function renderStep(step: PlaybookStep, lang: PlaybookLang): string {
  const j = JOINERS[lang]
  const v = step.values
  const derived: Record<string, string> = {
    on: v.hosts ? `${j.on}${v.hosts}` : '',
    ofUser: v.user ? `${j.of}${v.user}` : '',
    titled: v.title ? `'${v.title}' ` : '',
    quotedCommand: v.command ? ` "${v.command}"` : '',
    valueSwitch: v.value ? `/v "${v.value.replace(/"/g, '\\"')}"` : '/ve',
  }
  return TEXTS[lang][step.step].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = derived[name] ?? v[name]
    if (value === undefined) return whole
    return value.replace(/ \(\+(\d+) more\)$/, ` (+$1 ${j.more})`)
  })
}
