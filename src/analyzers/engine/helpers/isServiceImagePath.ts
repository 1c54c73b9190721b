import {serviceNameOfKey} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isServiceImagePath: Helper = {
  name: 'isServiceImagePath',
  takes: 'event',
  description: 'the registry value is the ImagePath of a service (HKLM\\SYSTEM\\*ControlSet*\\Services\\NAME)',
  test: e => serviceNameOfKey(e.registry?.key) !== undefined && (e.registry?.value ?? '').toLowerCase() === 'imagepath',
}
