// End-to-end: `ecs-flow local` (node dist/cli/index.js, as a user runs it from a clone) against
// the real components started by `e2e/env.sh start` — moto (ECR/ECS API), a Docker engine, and
// Debian's docker-registry behind the ECR bridge, which asks docker for the ECR password. The
// images are FROM scratch with a static busybox, so the container really runs and prints its
// environment. Runs only with ECS_FLOW_E2E=1 (set by .ci/run after starting that environment).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { e2eClients, readE2eEnv } from '../../__fixtures__/e2e-env.js'
import { ROOT } from '../../__fixtures__/run-action.js'

const ENABLED = process.env.ECS_FLOW_E2E === '1'
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const BUSYBOX = ['/bin/busybox', '/usr/bin/busybox'].find(path => existsSync(path))

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

if (!ENABLED) {
  describe('local end-to-end (skipped: set ECS_FLOW_E2E=1 after `bash e2e/env.sh start`; needs a Docker engine)', () => {
    it.skip('ecs-flow local pulls from the registry and runs the image with docker', () => {})
  })
} else {
  describe('ecs-flow local end-to-end: ECR login, pull and docker run against a real engine and registry', () => {
    const env = readE2eEnv()
    const { ecr, ecs } = e2eClients(env)
    const registry = env.E2E_ECR_REGISTRY!
    const password = env.E2E_ECR_PASSWORD!
    const id = randomBytes(3).toString('hex')
    const repository = `local-e2e-${id}`
    const cluster = `local-e2e-${id}`
    const first = randomBytes(20).toString('hex')
    const second = randomBytes(20).toString('hex')
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-flow-e2e-local-'))
    // Our own docker config: the CLI must log in itself, and must log out after the pull.
    const dockerConfig = join(workspace, 'docker-config')
    const times: string[] = []

    /** docker with the engine and config of this test; argv only, the password on stdin. */
    function docker(args: string[], input?: string): string {
      const run = spawnSync('docker', args, {
        cwd: workspace,
        input,
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: env.DOCKER_HOST!, DOCKER_CONFIG: dockerConfig },
        timeout: 120_000
      })
      if (run.status !== 0)
        throw new Error(`docker ${args[0]} exited ${run.status}: ${run.stderr.trim()}`)
      return run.stdout
    }

    /** Builds an image that prints its environment and exits with $EXIT_CODE, and pushes it. */
    function buildAndPush(marker: string, tags: string[]): void {
      const context = join(workspace, `image-${marker}`)
      mkdirSync(context)
      copyFileSync(BUSYBOX!, join(context, 'busybox'))
      writeFileSync(
        join(context, 'Dockerfile'),
        [
          'FROM scratch',
          'COPY busybox /bin/busybox',
          `ENV MARKER=${marker}`,
          'ENTRYPOINT ["/bin/busybox", "sh", "-c", "/bin/busybox env | /bin/busybox sort; exit ${EXIT_CODE:-0}"]',
          ''
        ].join('\n')
      )
      const references = tags.map(tag => `${registry}/${repository}:${tag}`)
      docker(['build', ...references.flatMap(reference => ['-t', reference]), context])
      for (const reference of references) docker(['push', reference])
    }

    function cli(args: string[]): Promise<CliRun> {
      return new Promise(resolve => {
        const started = Date.now()
        execFile(
          process.execPath,
          [CLI, ...args],
          {
            cwd: workspace,
            env: {
              PATH: process.env.PATH ?? '',
              HOME: workspace,
              AWS_REGION: env.AWS_REGION!,
              AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID!,
              AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY!,
              AWS_ENDPOINT_URL_ECR: env.AWS_ENDPOINT_URL_ECR!,
              AWS_ENDPOINT_URL_ECS: env.AWS_ENDPOINT_URL_ECS!,
              DOCKER_HOST: env.DOCKER_HOST!,
              DOCKER_CONFIG: dockerConfig
            },
            timeout: 120_000
          },
          (error, stdout, stderr) => {
            times.push(`${args.slice(0, 3).join(' ')}: ${Date.now() - started} ms`)
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
          }
        )
      })
    }

    /** The variables the container printed (`env | sort`), as a map. */
    function printedEnv(run: CliRun): Record<string, string> {
      return Object.fromEntries(
        run.stdout
          .split('\n')
          .map(line => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line))
          .filter((match): match is RegExpExecArray => match !== null)
          .map(match => [match[1]!, match[2]!])
      )
    }

    function registryLoggedIn(): boolean {
      const file = join(dockerConfig, 'config.json')
      if (!existsSync(file)) return false
      const config = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> }
      return Object.keys(config.auths ?? {}).includes(registry)
    }

    function assertNoPassword(run: CliRun): void {
      const shown = `${run.stdout}\n${run.stderr}`
      expect(shown).not.toContain(password)
      expect(shown).not.toContain(Buffer.from(`AWS:${password}`).toString('base64'))
    }

    beforeAll(async () => {
      if (!BUSYBOX)
        throw new Error(
          'no static busybox: run `bash e2e/env.sh start` (it installs busybox-static)'
        )
      mkdirSync(dockerConfig)
      await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }))
      // Pushing needs a login of our own; logged out again, so that `local` has to log in.
      docker(['login', '--username', 'AWS', '--password-stdin', registry], password)
      // `first` has the highest version tag.
      buildAndPush('first', [first, 'v1.10.0-prod'])
      buildAndPush('second', [second, 'v1.2.0-prod'])
      docker(['logout', registry])
      // Only the images' own copies may be run: nothing left in the engine from the build.
      for (const tag of [first, 'v1.10.0-prod', second, 'v1.2.0-prod'])
        docker(['image', 'rm', `${registry}/${repository}:${tag}`])

      // An environment whose service runs `first`, and the config the CLI reads.
      await ecs.send(new CreateClusterCommand({ clusterName: cluster }))
      const definition = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: `local-${id}`,
          containerDefinitions: [
            {
              name: 'web',
              image: `${registry}/${repository}:${first}`,
              memory: 128,
              essential: true
            }
          ]
        })
      )
      await ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: 'web',
          taskDefinition: definition.taskDefinition!.taskDefinitionArn!,
          desiredCount: 1
        })
      )
      mkdirSync(join(workspace, '.github'))
      writeFileSync(
        join(workspace, '.github', 'ecs-flow.yml'),
        [
          `ecr-repository: ${repository}`,
          'environments:',
          '  production:',
          `    cluster: ${cluster}`,
          '    service: web',
          '    container: web',
          '    variables:',
          '      LOG_LEVEL: info',
          ''
        ].join('\n')
      )
      writeFileSync(join(workspace, 'local.env'), 'FROM_FILE=yes\n')
    }, 240_000)

    afterAll(() => {
      rmSync(workspace, { recursive: true, force: true })
      console.log(['ecs-flow local e2e wall times (login, pull, run):', ...times].join('\n  '))
    })

    it('--sha: logs in with the password on stdin, pulls, runs with the environment and the env file, logs out', async () => {
      const run = await cli([
        'local',
        '--sha',
        first,
        '--environment',
        'production',
        '--env-file',
        'local.env',
        '--',
        '--env',
        'EXTRA=from-argv'
      ])
      // On failure, the CLI's own message shows beside the code.
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
      const printed = printedEnv(run)
      expect(printed).toMatchObject({
        MARKER: 'first',
        LOG_LEVEL: 'info',
        FROM_FILE: 'yes',
        EXTRA: 'from-argv'
      })
      const log = `${run.stdout}\n${run.stderr}`
      expect(log).toMatch(/docker login .*--password-stdin/)
      expect(log).toContain(`docker pull ${registry}/${repository}:${first}`)
      expect(log).toMatch(/docker logout /)
      assertNoPassword(run)
      expect(registryLoggedIn()).toBe(false)
      // --rm: the container is gone; the pulled image stays for the next run.
      expect(
        docker([
          'ps',
          '--all',
          '--quiet',
          '--filter',
          `ancestor=${registry}/${repository}:${first}`
        ]).trim()
      ).toBe('')
      expect(
        docker(['image', 'inspect', '--format', '{{.Id}}', `${registry}/${repository}:${first}`])
      ).toMatch(/^sha256:/)
    }, 120_000)

    // --latest is left to the integration suite: moto keeps imagePushedAt in whole seconds, so
    // two images pushed within a second tie here (ECR keeps fractions).
    it.each([
      ['--highest-version', ['--highest-version'], 'first'],
      ['--environment', ['--environment', 'production'], 'first']
    ])(
      '%s runs the image it names',
      async (_name, selector, marker) => {
        const run = await cli(['local', ...selector])
        expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
        expect(printedEnv(run).MARKER).toBe(marker)
        assertNoPassword(run)
        expect(registryLoggedIn()).toBe(false)
      },
      120_000
    )

    it('a container that fails: exit 1, naming its exit code', async () => {
      const run = await cli(['local', '--sha', second, '--', '--env', 'EXIT_CODE=7'])
      expect(printedEnv(run).MARKER).toBe('second')
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('docker run exited with code 7')
    }, 120_000)

    it('no such image in the repository: a clear error (exit 2), nothing pulled or run', async () => {
      const missing = randomBytes(20).toString('hex')
      const run = await cli(['local', '--sha', missing])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(missing)
      expect(run.stderr).toContain(repository)
      expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/docker (login|pull|run) /)
    }, 120_000)
  })
}
