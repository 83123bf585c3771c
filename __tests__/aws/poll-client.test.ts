import { describe, expect, it } from '@jest/globals'
import { ECSClient } from '@aws-sdk/client-ecs'
import { CodeDeployClient } from '@aws-sdk/client-codedeploy'
import {
  DEFAULT_CALL_BOUNDS,
  ThrottlingToCaller,
  boundedClientConfig,
  pollClientConfig,
  readClientConfig
} from '../../src/aws/aws-call.js'

const env = { AWS_REGION: 'us-east-1' }

/** What the SDK makes of a client configuration: its retry strategy's mode, limiter and attempts. */
async function retriesOf(client: ECSClient | CodeDeployClient) {
  const strategy = (await client.config.retryStrategy()) as unknown as {
    mode: string
    rateLimiter?: unknown
    maxAttemptsProvider?: () => Promise<number>
  }
  return {
    mode: strategy.mode,
    rateLimiter: strategy.rateLimiter !== undefined,
    maxAttempts: await strategy.maxAttemptsProvider?.()
  }
}

describe("the watcher's poll clients", () => {
  it.each([
    ['ECS', (config: object) => new ECSClient(config)],
    ['CodeDeploy', (config: object) => new CodeDeployClient(config)]
  ])(
    '%s: one attempt and no client-side rate limiter, the watcher paces its polls itself',
    async (_name, make) => {
      expect(await retriesOf(make(pollClientConfig(env, DEFAULT_CALL_BOUNDS)))).toEqual({
        mode: 'standard',
        rateLimiter: false,
        maxAttempts: 1
      })
    }
  )

  it("every other call keeps the SDK's adaptive retries (with their rate limiter)", async () => {
    const retries = await retriesOf(new ECSClient(boundedClientConfig(env, DEFAULT_CALL_BOUNDS)))
    expect(retries).toMatchObject({ mode: 'adaptive', rateLimiter: true })
  })
})

describe('the ECS read client', () => {
  it('hands a throttled attempt back to the caller: the SDK does not retry it', async () => {
    const strategy = await new ECSClient(
      readClientConfig(env, DEFAULT_CALL_BOUNDS)
    ).config.retryStrategy()
    expect(strategy).toBeInstanceOf(ThrottlingToCaller)
    const token = await (strategy as ThrottlingToCaller).acquireInitialRetryToken('')
    await expect(
      (strategy as ThrottlingToCaller).refreshRetryTokenForRetry(token, {
        errorType: 'THROTTLING',
        error: Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
      } as never)
    ).rejects.toThrow('throttled: asked again by the caller')
  })
})
