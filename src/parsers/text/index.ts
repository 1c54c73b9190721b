export * from './encoding.js'
export * from './file.js'
export * from './lines.js'
export * from './oem.js'
