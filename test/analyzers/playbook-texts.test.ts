import t from 'tap'

import {renderStep} from '../../src/analyzers/correlate/step-texts.js'

t.test('steps are worded per language from the same values', async t => {
  const cancel = {step: 'cancel-job' as const, values: {id: '{7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44}', title: 'updsvc'}}
  t.equal(
    renderStep(cancel, 'en'),
    "Record the notify command of BITS job 'updsvc' {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44} (bitsadmin /getnotifycmdline {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44}), then cancel it: bitsadmin /cancel {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44} (as its owner or an administrator).",
  )
  t.equal(
    renderStep(cancel, 'de'),
    "Notify-Befehl des BITS-Jobs 'updsvc' {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44} sichern (bitsadmin /getnotifycmdline {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44}), dann den Job abbrechen: bitsadmin /cancel {7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44} (als Besitzer oder Administrator).",
  )
  t.equal(renderStep({step: 'inform', values: {}}, 'en'), 'Inform the IR lead, IT operations and the CISO; keep the evidence files listed in the findings unchanged.')
  t.equal(renderStep({step: 'inform', values: {hosts: 'WS1'}}, 'de'), 'IR-Leitung, IT-Betrieb auf WS1 und CISO informieren; die in den Befunden genannten Beweisdateien unverändert lassen.')
  t.equal(
    renderStep({step: 'delete-run-value', values: {key: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'}}, 'en'),
    'Export, then delete the Run value: reg export "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" run.reg, then reg delete "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" /ve /f.',
  )
  t.equal(renderStep({step: 'collect-files', values: {files: 'a, b (+3 more)'}}, 'de'), 'Die genannten Dateien sichern und hashen (SHA-256): a, b (+3 weitere) (Get-FileHash -Algorithm SHA256 <Pfad>; vor dem Löschen Kopien aufbewahren).')
})
