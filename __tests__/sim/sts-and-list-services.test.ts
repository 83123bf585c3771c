import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { createStsApi } from '../../src/aws/sts-client.js'
import { credentials, harness, type Harness } from './helpers.js'

let h: Harness
beforeEach(async () => {
  h = await harness('healthy', { seed: { services: ['web', 'api', 'worker'] } })
})
afterEach(async () => {
  await h.sim.stop()
})

describe('STS GetCallerIdentity (query protocol, XML answer)', () => {
  it('answers the account to the SDK, and is counted', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: h.sim.url, credentials })
    const answer = await sts.send(new GetCallerIdentityCommand({}))
    expect(answer.Account).toBe('123456789012')
    expect(answer.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//)
    expect(h.sim.state().calls.GetCallerIdentity).toBe(1)
  })

  it('the adapter asks once per run', async () => {
    const sts = createStsApi(
      { AWS_REGION: 'us-east-1' },
      undefined,
      new STSClient({ region: 'us-east-1', endpoint: h.sim.url, credentials })
    )
    expect(await Promise.all([sts.accountId(), sts.accountId()])).toEqual([
      '123456789012',
      '123456789012'
    ])
    expect(h.sim.state().calls.GetCallerIdentity).toBe(1)
  })

  it('refuses an unknown action with an XML error', async () => {
    const answer = await fetch(h.sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRole&Version=2011-06-15'
    })
    expect(answer.status).toBe(400)
    expect(await answer.text()).toContain('<Code>InvalidAction</Code>')
  })
})

describe('ECS ListServices', () => {
  it('pages through the ACTIVE services of the cluster', async () => {
    const ecs = new ECSClient({ region: 'us-east-1', endpoint: h.sim.url, credentials })
    const first = await ecs.send(new ListServicesCommand({ cluster: 'demo', maxResults: 2 }))
    expect(first.serviceArns).toHaveLength(2)
    const second = await ecs.send(
      new ListServicesCommand({ cluster: 'demo', maxResults: 2, nextToken: first.nextToken })
    )
    expect(second.nextToken).toBeUndefined()
    expect(
      [...first.serviceArns!, ...second.serviceArns!].map(arn => arn.split('/').pop())
    ).toEqual(['web', 'api', 'worker'])
  })
})
