import { describe, expect, it } from '@jest/globals'
import type { Plan } from '../../src/plan/plan.js'
import type { Settings } from '../../src/settings/types.js'
import { runUserCommand, userCommandStep } from '../../src/steps/checks.js'
import type { StepContext } from '../../src/steps/types.js'
import { ReleaseError, VerificationError } from '../../src/util/errors.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'

const SHA = 'a'.repeat(40)

function context(settings: Partial<Settings>, exec: FakeCommandRunner): StepContext {
  return {
    settings: settings as Settings,
    plan: { flow: 'deploy', sha: SHA, environment: 'dev' } as Plan,
    state: { steps: [] },
    services: { exec } as unknown as StepContext['services']
  }
}

describe('test-command and build-command', () => {
  it.each(['test', 'build'] as const)(
    '%s: runs the command in bash with the ECS_FLOW_* variables',
    async kind => {
      const exec = new FakeCommandRunner()
      await userCommandStep(kind)(context({ [`${kind}Command`]: 'npm run it' }, exec))
      expect(exec.commands).toEqual([
        {
          program: 'bash',
          args: ['-eo', 'pipefail', '-c', 'npm run it'],
          options: {
            env: { ECS_FLOW_FLOW: 'deploy', ECS_FLOW_SHA: SHA, ECS_FLOW_ENVIRONMENT: 'dev' }
          }
        }
      ])
    }
  )

  it.each(['test', 'build'] as const)(
    '%s: a non-zero exit is a ReleaseError of that step naming the command and the code',
    async kind => {
      const exec = new FakeCommandRunner().respond(() => ({ exitCode: 2 }))
      const error = await userCommandStep(kind)(
        context({ [`${kind}Command`]: 'make check' }, exec)
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ReleaseError)
      expect(error).not.toBeInstanceOf(VerificationError)
      expect(error).toMatchObject({
        step: kind,
        message: `${kind}-command "make check" exited with code 2`
      })
    }
  )

  it('does nothing without a command', async () => {
    const exec = new FakeCommandRunner()
    await userCommandStep('test')(context({}, exec))
    expect(exec.commands).toEqual([])
  })
})

describe('runUserCommand', () => {
  it('throws the error the caller makes from the message', async () => {
    const exec = new FakeCommandRunner().respond(() => ({ exitCode: 1 }))
    const error = await runUserCommand(exec, {
      input: 'verify-command',
      command: './smoke.sh',
      env: {},
      fail: message => new VerificationError(message, 'command')
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VerificationError)
    expect((error as Error).message).toBe('verify-command "./smoke.sh" exited with code 1')
  })
})
