import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { InputError } from './errors.js'
import { printable } from './printable.js'

/** Far above any task definition, service definition or config file; refused before reading. */
export const MAX_USER_FILE_BYTES = 1024 * 1024

export interface UserFileOptions {
  /** Where the path was given (`input task-definition`, `.github/ecs-flow.yml: environments.dev.task-definition`). */
  from?: string
  maxBytes?: number
}

/**
 * Reads a text file the user named, relative to the workspace, as editors write them: a UTF-8
 * BOM is dropped; UTF-16, NUL bytes and invalid UTF-8 are errors naming the file (never
 * replacement characters); a file over `maxBytes` is refused before it is read; and the path,
 * symlinks resolved, must stay inside GITHUB_WORKSPACE so a definition cannot read the runner's
 * files. `what` names the file in errors ("task definition").
 */
export function readUserFile(
  path: string,
  what: string,
  env: NodeJS.ProcessEnv,
  options: UserFileOptions = {}
): string {
  const where = `${what} file ${printable(path, 200)}`
  const fixPath = `Fix the path of the ${what} (relative to the repository root)${options.from ? ` in ${options.from}` : ''}.`
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const real = realPath(resolve(workspace, path), where, fixPath)
  const root = realPath(workspace, 'GITHUB_WORKSPACE', 'Run the action in a checked-out workspace.')
  if (!isInside(root, real)) {
    throw new InputError(
      options.from ?? where,
      `${printable(path, 200)} resolves to ${printable(real, 200)}, outside the workspace ${printable(root, 200)}`,
      `Keep the ${what} inside the repository and give its path relative to the repository root.`
    )
  }
  return readBoundedText(real, where, {
    maxBytes: options.maxBytes ?? MAX_USER_FILE_BYTES,
    fixTooLarge: 'Give the definition itself: a task or service definition is a few KiB.'
  })
}

/**
 * A text file's content, refused before it is read when it is over `maxBytes` (and if it grows
 * past the limit while being read), decoded as `decodeUserText` does. `where` names the file in
 * errors; `fixTooLarge` says what to do about a file over the limit.
 */
export function readBoundedText(
  path: string,
  where: string,
  limit: { maxBytes: number; fixTooLarge: string }
): string {
  return decodeUserText(readBounded(path, where, limit.maxBytes, limit.fixTooLarge), where)
}

function realPath(path: string, where: string, fix: string): string {
  try {
    return realpathSync(path)
  } catch (error) {
    throw new InputError(where, describeFsError(error), fix)
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/** The file's bytes, refusing non-files and files over the limit from fstat, before reading them whole. */
function readBounded(path: string, where: string, maxBytes: number, fixTooLarge: string): Buffer {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new InputError(
      where,
      describeFsError(error),
      'Fix the path or the permissions of the file.'
    )
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile())
      throw new InputError(where, 'is not a file', 'Give the path of a file, not a directory.')
    const tooLarge = (size: number) =>
      new InputError(
        where,
        `is ${describeSize(size)}, larger than ${formatBytes(maxBytes)} (the limit for this file; refused before reading it)`,
        fixTooLarge
      )
    if (stat.size > maxBytes) throw tooLarge(stat.size)
    // Read to the limit plus one byte: a file that grew since fstat is still refused.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1)
    let length = 0
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null)
      if (read === 0) break
      length += read
      if (length > maxBytes) throw tooLarge(Math.max(length, fstatSync(fd).size))
    }
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

/** Bytes to text: UTF-8 with or without a BOM, nothing else. Exported for the tests. */
export function decodeUserText(bytes: Uint8Array, where: string): string {
  const saveAsUtf8 =
    'Save the file as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).'
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    looksUtf16(bytes)
  ) {
    throw new InputError(
      where,
      "is UTF-16 (PowerShell's `>` writes it): save the file as UTF-8",
      saveAsUtf8
    )
  }
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  const nul = body.indexOf(0)
  if (nul !== -1) {
    throw new InputError(
      where,
      `has a NUL byte at byte offset ${nul + (bytes.length - body.length)}: it is not a text file`,
      'Give the JSON or YAML text file.'
    )
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch {
    const offset = invalidUtf8Offset(body) + (bytes.length - body.length)
    throw new InputError(
      where,
      `is not valid UTF-8 (byte offset ${offset}: 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')})`,
      saveAsUtf8
    )
  }
}

/** UTF-16 without a BOM: ASCII text in it has a NUL in every other byte. */
function looksUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512)
  if (sample.length < 2) return false
  let even = 0
  let odd = 0
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue
    if (i % 2 === 0) even++
    else odd++
  }
  const half = sample.length / 2
  return (even >= half * 0.4 && odd === 0) || (odd >= half * 0.4 && even === 0)
}

/** The offset of the first byte that starts an invalid UTF-8 sequence (the decoder says only that one exists). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i]!
    if (lead < 0x80) {
      i++
      continue
    }
    let length: number
    let low = 0x80
    let high = 0xbf
    if (lead >= 0xc2 && lead <= 0xdf) length = 2
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3
      if (lead === 0xe0) low = 0xa0 // overlong
      if (lead === 0xed) high = 0x9f // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4
      if (lead === 0xf0) low = 0x90 // overlong
      if (lead === 0xf4) high = 0x8f // above U+10FFFF
    } else return i
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k]
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf]
      if (byte === undefined || byte < min || byte > max) return i
    }
    i += length
  }
  return -1
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'does not exist'
  if (code === 'EACCES') return 'cannot be read (permission denied)'
  if (code === 'ELOOP') return 'is a symlink loop'
  return `cannot be read (${printable((error as Error).message, 200)})`
}

/** `5.0 MiB (5242880 bytes)`: the size as a reader takes it in, and exactly. */
function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const mib = bytes / 1024 / 1024
  const rounded = mib >= 1 ? `${mib.toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
  return `${rounded} (${bytes} bytes)`
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
