import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from '@jest/globals'

// The shared vocabulary sits below everything that uses it (src/core/), and the strategies below
// the steps and the release orchestration that call them: no import reaches up.

const SRC = join(import.meta.dirname, '../../src')

/** Every relative import of every source file, as folders under src/ (`from` → `to`). */
function folderImports(): { file: string; from: string; to: string }[] {
  return sourceFiles(SRC).flatMap(file => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(/from '(\.[^']+)'/g)].map(match => ({
      file: relative(SRC, file),
      from: relative(SRC, file).split('/')[0]!,
      to: relative(SRC, resolve(dirname(file), match[1]!)).split('/')[0]!
    }))
  })
}

describe('floors', () => {
  const imports = folderImports()

  it('core/ imports only from the floors below it', () => {
    const below = new Set(['core', 'util', 'aws', 'settings', 'definitions', 'plan'])
    expect(imports.filter(i => i.from === 'core' && !below.has(i.to))).toEqual([])
  })

  it('nothing below the release orchestration imports release/', () => {
    const above = new Set(['release', 'report', 'main.ts', 'post.ts', 'index.ts', 'cli'])
    expect(imports.filter(i => i.to === 'release' && !above.has(i.from))).toEqual([])
  })

  it('the strategies import neither the steps nor the orchestration above them', () => {
    const upstairs = new Set(['steps', 'release', 'report', 'cli', 'main.ts'])
    expect(imports.filter(i => i.from === 'strategies' && upstairs.has(i.to))).toEqual([])
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}
