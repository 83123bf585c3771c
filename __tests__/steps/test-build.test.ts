import { describe, expect, it } from '@jest/globals'
import { executePlan } from '../../src/release/execute.js'
import { failedStep } from '../../src/core/state.js'
import { build } from '../../src/steps/build.js'
import { STEPS } from '../../src/steps/index.js'
import { test } from '../../src/steps/test.js'
import { ReleaseError, VerificationError } from '../../src/util/errors.js'
import { runUserCommand } from '../../src/util/user-command.js'
import { FakeCommandRunner } from '../../__fixtures__/fake-exec.js'
import { SHA, stepContext } from '../../__fixtures__/step-context.js'

const STEP = { test, build } as const

/** A deploy (environment dev) with the given inputs. */
const deployWith = (inputs: Record<string, string>, exec = new FakeCommandRunner()) =>
  stepContext({ event: 'deploy', inputs, exec })

describe('test-command and build-command', () => {
  it.each(['test', 'build'] as const)(
    '%s: runs the command in bash with the ECS_FLOW_* variables',
    async kind => {
      const h = deployWith({ [`${kind}-command`]: 'npm run it' })
      await STEP[kind](h.context)
      expect(h.exec.commands).toEqual([
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
      const h = deployWith(
        { [`${kind}-command`]: 'make check' },
        new FakeCommandRunner().respond(() => ({ exitCode: 2 }))
      )
      const error = await STEP[kind](h.context).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ReleaseError)
      expect(error).not.toBeInstanceOf(VerificationError)
      expect(error).toMatchObject({
        message: `${kind}-command "make check" exited with code 2`
      })
      // The executor records which step failed.
      const run = deployWith(
        { [`${kind}-command`]: 'make check' },
        new FakeCommandRunner().respond(() => ({ exitCode: 2 }))
      )
      await expect(executePlan(run.context, STEPS)).rejects.toThrow(
        `${kind}-command "make check" exited with code 2`
      )
      expect(failedStep(run.state)).toBe(kind)
    }
  )

  it('does nothing without a command', async () => {
    const h = deployWith({})
    await test(h.context)
    expect(h.exec.commands).toEqual([])
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
