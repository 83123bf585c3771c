import { describe, expect, it } from '@jest/globals'
import { buildArgv, type BuildOptions } from '../../src/docker/argv.js'
import { redactedArgv, secretBuildArgValues } from '../../src/docker/build-args.js'
import { DockerCli } from '../../src/docker/docker.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { MaskingRunner } from '../../__fixtures__/masking-runner.js'

const buildArgs = { NPM_TOKEN: 'npm_s3cretT0ken', NODE_ENV: 'production', PIN: '42', EMPTY: '' }
const options: BuildOptions = {
  builder: 'buildx',
  context: '.',
  references: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/web:abc'],
  labels: {},
  buildArgs
}

describe('build-args redaction', () => {
  it('every value is secret unless its name is public', () => {
    expect(secretBuildArgValues(buildArgs, ['NODE_ENV'])).toEqual(['npm_s3cretT0ken', '42'])
    expect(secretBuildArgValues(buildArgs)).toEqual(['npm_s3cretT0ken', 'production', '42'])
  })

  it('the shown argv has KEY=*** for every value not public', () => {
    const shown = redactedArgv(buildArgv(options), ['NODE_ENV']).join(' ')
    expect(shown).toContain(
      '--build-arg NPM_TOKEN=*** --build-arg NODE_ENV=production --build-arg PIN=***'
    )
    expect(shown).not.toContain('s3cret')
    // Only build-arg values: labels and tags that look alike are left alone.
    expect(redactedArgv(['--label', 'a=b', '--build-arg', 'K=v'])).toEqual([
      '--label',
      'a=b',
      '--build-arg',
      'K=***'
    ])
  })
})

describe('DockerCli.build', () => {
  it('masks the secret build args before docker runs, so the echoed command hides them', async () => {
    const exec = new FakeCommandRunner()
    const runner = new MaskingRunner()
    const masksWhenRun: number[] = []
    exec.respond(() => {
      masksWhenRun.push(runner.secrets.length)
      return undefined
    })
    await new DockerCli(exec, { mask: runner, publicBuildArgs: ['NODE_ENV'] }).build(options)
    expect(masksWhenRun[0]).toBeGreaterThan(0)
    // What the runner prints as `[command]docker ...`.
    const echoed = runner.print(['docker', ...exec.commands[0]!.args].join(' '))
    expect(echoed).toContain('--build-arg NPM_TOKEN=***')
    expect(echoed).toContain('--build-arg NODE_ENV=production')
    // "42" is too short to mask across the whole log: it stays, and is redacted where we echo it.
    expect(echoed).toContain('--build-arg PIN=42')
  })

  it('redacts build args, short ones too, from the error docker printed', async () => {
    const exec = new FakeCommandRunner().respond(() => ({
      exitCode: 1,
      stderr: 'ERROR: failed to solve: invalid build arg PIN=42 with NPM_TOKEN=npm_s3cretT0ken'
    }))
    await expect(new DockerCli(exec).build(options)).rejects.toThrow(
      'exited with code 1: ERROR: failed to solve: invalid build arg PIN=*** with NPM_TOKEN=***'
    )
  })
})
