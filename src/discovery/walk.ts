import {lstat, opendir, realpath, stat} from 'node:fs/promises'
import path from 'node:path'

export interface FoundFile {
  path: string
  size: number
}

export interface SkippedPath {
  path: string
  reason: string
}

export interface WalkResult {
  files: FoundFile[]
  skipped: SkippedPath[]
}

/**
 * Lists the regular files under the given paths. Symbolic links inside a tree are never followed
 * (a collection's links may point out of the evidence or loop); a link named on the command line is
 * resolved once, since the user chose it. Unreadable entries are reported, not fatal.
 */
export async function walkEvidence(roots: string[]): Promise<WalkResult> {
  const files: FoundFile[] = []
  const skipped: SkippedPath[] = []
  const seenDirs = new Set<string>()

  const visitDir = async (dir: string): Promise<void> => {
    let real: string
    try {
      real = await realpath(dir)
    } catch (error) {
      skipped.push({path: dir, reason: describeFsError(error)})
      return
    }
    if (seenDirs.has(real)) return
    seenDirs.add(real)
    let handle
    try {
      handle = await opendir(dir)
    } catch (error) {
      skipped.push({path: dir, reason: describeFsError(error)})
      return
    }
    const entries: {name: string; kind: 'dir' | 'file' | 'link' | 'other'}[] = []
    try {
      for await (const entry of handle) {
        entries.push({
          name: entry.name,
          kind: entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : entry.isSymbolicLink() ? 'link' : 'other',
        })
      }
    } catch (error) {
      skipped.push({path: dir, reason: describeFsError(error)})
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.kind === 'dir') await visitDir(full)
      else if (entry.kind === 'file') await addFile(full, false)
      else if (entry.kind === 'link') skipped.push({path: full, reason: 'symbolic link (not followed inside the evidence tree)'})
      else skipped.push({path: full, reason: 'not a regular file (device, socket or pipe)'})
    }
  }

  const addFile = async (file: string, followLink: boolean): Promise<void> => {
    try {
      const st = followLink ? await stat(file) : await lstat(file)
      if (st.isFile()) files.push({path: file, size: st.size})
      else skipped.push({path: file, reason: 'not a regular file'})
    } catch (error) {
      skipped.push({path: file, reason: describeFsError(error)})
    }
  }

  for (const root of roots) {
    let st
    try {
      st = await stat(root)
    } catch (error) {
      skipped.push({path: root, reason: describeFsError(error)})
      continue
    }
    if (st.isDirectory()) await visitDir(root)
    else await addFile(root, true)
  }
  return {files, skipped}
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ELOOP':
      return 'symbolic link loop'
    case 'EISDIR':
      return 'is a directory'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}
