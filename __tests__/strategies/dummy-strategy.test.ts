import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { dummyStrategy, type DummyJournal } from '../../__fixtures__/strategies/dummy/index.js'
import { TD, release } from '../../__fixtures__/release-harness.js'
import { REGISTERED, STRATEGIES, strategyList } from '../../src/strategies/index.js'

// Adding a way of deploying is a folder of its own and one line in the list. The dummy strategy
// (EXTERNAL services, which no registered strategy deploys) is registered in the list's
// injectable form, and a whole release reaches it at every point of the seam.

/** Every file adding the dummy strategy touched: its own folder, and the list it joins. */
const TOUCHED = [
  '__fixtures__/strategies/dummy/index.ts',
  // In a build, the line in REGISTERED (src/strategies/index.ts); here, the list's injectable form.
  'strategyList([...REGISTERED, dummyStrategy(journal)])'
]

const withDummy = (journal: DummyJournal) => strategyList([...REGISTERED, dummyStrategy(journal)])

describe('a strategy is one folder and one line in the list', () => {
  it('lists what adding the dummy touched: its folder and the list, no other file', () => {
    const repository = join(import.meta.dirname, '../..')
    // Its folder holds the whole strategy, and no source file knows it.
    expect(readdirSync(join(repository, '__fixtures__/strategies/dummy'))).toEqual(['index.ts'])
    expect(TOUCHED[0]).toBe('__fixtures__/strategies/dummy/index.ts')
    const src = join(repository, 'src')
    expect(sourceFiles(src).filter(file => /dummy/i.test(readFileSync(file, 'utf8')))).toEqual([])
    // The run's list is the registered one: nothing else chooses a strategy.
    expect(STRATEGIES.all).toEqual(REGISTERED)
  })

  it('no source file outside src/strategies/ reaches into a strategy folder: only the list', () => {
    const root = join(import.meta.dirname, '../../src')
    const reaching = sourceFiles(root)
      .filter(file => !relative(root, file).startsWith('strategies/'))
      .filter(file =>
        /from '[./]*\/?strategies\/(?!index\.js|strategy\.js|roll-back\.js)/.test(
          readFileSync(file, 'utf8')
        )
      )
      .map(file => relative(root, file))
    expect(reaching).toEqual([])
  })

  it('without the dummy in the list, preflight refuses the EXTERNAL service', async () => {
    const run = await release({ deploymentController: 'EXTERNAL' })
    expect(run.failures[0]).toMatch(/uses the EXTERNAL deployment controller/)
    expect(run.updates).toEqual([])
  })

  it('registered, the dummy is chosen at preflight, deploys, watches and rolls back the release', async () => {
    const journal: DummyJournal = { calls: [] }
    const run = await release({ deploymentController: 'EXTERNAL', strategies: withDummy(journal) })
    expect(journal.calls).toEqual([
      'preflight web',
      'deploy web arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      'watch web dummy-web',
      `roll back web to ${TD(1)}`
    ])
    expect(run.text).toContain('dummy: service web deploys the dummy way')
    expect(run.state.services?.[0]?.deployment?.via).toBe('dummy')
    // No ECS write of the registered strategies: the dummy deployed and rolled back.
    expect(run.updates).toEqual([])
    expect(run.failures[0]).toMatch(
      /dummy deployment dummy-web failed\. Rolled back: service web runs web:1 again \(deployment dummy-back-web\)/
    )
    expect(run.outputs.result).toBe('rolled-back')
  })

  it('a dry run prints the dummy intent for wait', async () => {
    const journal: DummyJournal = { calls: [] }
    const run = await release({
      deploymentController: 'EXTERNAL',
      strategies: withDummy(journal),
      inputs: { 'dry-run': 'true' }
    })
    expect(run.text).toContain('dry-run: the dummy would watch web')
    expect(journal.calls).not.toContainEqual(expect.stringMatching(/^watch/))
  })

  it('a cancelled job asks the dummy to stop its deployment', async () => {
    const journal: DummyJournal = { calls: [] }
    let cancel: ((signal: string, deadline: number) => Promise<void>) | undefined
    journal.duringWatch = () => cancel!('SIGTERM', Date.now() + 60_000)
    const run = await release({
      deploymentController: 'EXTERNAL',
      strategies: withDummy(journal),
      onCancel: handler => (cancel = handler)
    })
    expect(journal.calls).toContain('stop web')
    expect(run.failures[0]).toMatch(/cancelled \(SIGTERM\).*the dummy stopped its deployment\./s)
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
