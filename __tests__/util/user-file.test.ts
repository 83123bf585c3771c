import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../src/util/errors.js'
import {
  decodeUserText,
  invalidUtf8Offset,
  MAX_USER_FILE_BYTES,
  readUserFile
} from '../../src/util/user-file.js'

let root: string
let workspace: string
let outside: string
let env: NodeJS.ProcessEnv

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'ecs-flow-user-file-')))
  workspace = join(root, 'workspace')
  outside = join(root, 'outside')
  mkdirSync(join(workspace, 'ecs'), { recursive: true })
  mkdirSync(outside)
  env = { GITHUB_WORKSPACE: workspace }
  writeFileSync(join(workspace, 'ecs', 'td.json'), '{"family": "web"}')
  writeFileSync(join(outside, 'secret.json'), '{"secret": true}')
  symlinkSync(join(outside, 'secret.json'), join(workspace, 'ecs', 'link-out.json'))
  symlinkSync(join(workspace, 'ecs', 'td.json'), join(workspace, 'link-in.json'))
  symlinkSync(outside, join(workspace, 'dir-out'))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

function failure(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('readUserFile: where the file may be', () => {
  it('reads a path relative to the workspace, an absolute one inside it, and a symlink inside it', () => {
    expect(readUserFile('ecs/td.json', 'task definition', env)).toBe('{"family": "web"}')
    expect(readUserFile(join(workspace, 'ecs/td.json'), 'task definition', env)).toBe(
      '{"family": "web"}'
    )
    expect(readUserFile('link-in.json', 'task definition', env)).toBe('{"family": "web"}')
  })

  it.each([
    ['../outside/secret.json', 'outside/secret.json'],
    ['ecs/link-out.json', 'outside/secret.json'],
    ['dir-out/secret.json', 'outside/secret.json'],
    ['(absolute)', 'outside/secret.json']
  ])(
    '%s, outside the workspace once resolved, is refused naming the input and the resolved path',
    (given, resolved) => {
      const path = given === '(absolute)' ? join(outside, 'secret.json') : given
      const error = failure(() =>
        readUserFile(path, 'task definition', env, { from: 'input task-definition' })
      )
      expect(error.where).toBe('input task-definition')
      expect(error.problem).toContain(`${path} resolves to `)
      expect(error.problem).toContain(resolved)
      expect(error.problem).toContain(`outside the workspace ${workspace}`)
      expect(error.fix).toMatch(/inside the repository/)
    }
  )

  it('a missing file or a directory says so, naming the file', () => {
    const missing = failure(() => readUserFile('ecs/nope.json', 'task definition', env))
    expect(missing.message).toBe(
      'task definition file ecs/nope.json: does not exist. Fix the path of the task definition (relative to the repository root).'
    )
    expect(failure(() => readUserFile('ecs', 'task definition', env)).problem).toBe('is not a file')
  })

  it('refuses a file over the limit before reading it, naming its size and the limit', () => {
    writeFileSync(join(workspace, 'big.json'), Buffer.alloc(MAX_USER_FILE_BYTES + 1, 0x20))
    const error = failure(() => readUserFile('big.json', 'task definition', env))
    expect(error.problem).toBe(
      'is 1.0 MiB (1048577 bytes), larger than 1 MiB (the limit for this file; refused before reading it)'
    )
    writeFileSync(join(workspace, 'small.json'), '{"a": 12345}')
    expect(
      failure(() => readUserFile('small.json', 'task definition', env, { maxBytes: 8 })).problem
    ).toBe('is 12 bytes, larger than 8 bytes (the limit for this file; refused before reading it)')
    expect(readUserFile('small.json', 'task definition', env, { maxBytes: 12 })).toBe(
      '{"a": 12345}'
    )
  })

  it('escapes a path with control characters in its messages', () => {
    const error = failure(() => readUserFile('x\n::error::y', 'task definition', env))
    expect(error.message).not.toContain('\n')
    expect(error.message).not.toContain('::error::')
  })
})

describe('decodeUserText: files as editors write them', () => {
  it('drops a UTF-8 BOM and keeps other text as it is', () => {
    expect(decodeUserText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"é": 1}')]), 'f')).toBe(
      '{"é": 1}'
    )
    expect(decodeUserText(utf8('{"a": "😀"}'), 'f')).toBe('{"a": "😀"}')
    expect(decodeUserText(new Uint8Array(), 'f')).toBe('')
  })

  it.each([
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')])
    ],
    ['UTF-16 BE with BOM', Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d])],
    ['UTF-16 LE without BOM', Buffer.from('{"family": "web"}', 'utf16le')],
    ['UTF-16 BE without BOM', Buffer.from('{"family": "web"}', 'utf16le').swap16()]
  ])('%s is refused with what to do', (_, bytes) => {
    const error = failure(() => decodeUserText(bytes, 'task definition file td.json'))
    expect(error.message).toBe(
      "task definition file td.json: is UTF-16 (PowerShell's `>` writes it): save the file as UTF-8. Save the file as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8)."
    )
  })

  it.each([
    ['a Latin-1 é', [...utf8('{"name": "caf'), 0xe9, ...utf8('"}')], 13, 'e9'],
    ['a lone continuation byte', [...utf8('{}'), 0x80], 2, '80'],
    ['an overlong slash', [0x7b, 0xc0, 0xaf, 0x7d], 1, 'c0'],
    ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22], 1, 'ed'],
    ['a truncated sequence at the end', [0x22, 0xe2, 0x82], 1, 'e2'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, 'f4']
  ])('%s is refused naming the byte offset', (_, bytes, offset, hex) => {
    const error = failure(() =>
      decodeUserText(new Uint8Array(bytes), 'task definition file td.json')
    )
    expect(error.where).toBe('task definition file td.json')
    expect(error.problem).toBe(`is not valid UTF-8 (byte offset ${offset}: 0x${hex})`)
    expect(error.message).not.toContain('\ufffd')
  })

  it('the offset counts the BOM', () => {
    const error = failure(() => decodeUserText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff]), 'f'))
    expect(error.problem).toBe('is not valid UTF-8 (byte offset 4: 0xff)')
  })

  it('a NUL byte in otherwise UTF-8 text is not a text file', () => {
    expect(failure(() => decodeUserText(utf8('{"a": "b\u0000"}'), 'f')).problem).toBe(
      'has a NUL byte at byte offset 8: it is not a text file'
    )
  })

  it('invalidUtf8Offset agrees with the fatal decoder on valid text', () => {
    expect(invalidUtf8Offset(utf8('ascii é € 😀 \u{10ffff}'))).toBe(-1)
  })
})
