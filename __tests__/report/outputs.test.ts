import { describe, expect, it } from '@jest/globals'
import { release } from '../../__fixtures__/release-harness.js'
import type { Plan } from '../../src/plan/plan.js'
import { releaseUrl, writeReleaseOutputs } from '../../src/report/outputs.js'

const planWithVerifyUrl = (verifyUrl?: string) =>
  ({
    flow: 'deploy',
    targets: [{ environment: 'dev', cluster: 'c', service: 'web', verifyUrl }]
  }) as Plan

describe('the url output', () => {
  it('is the URL verify checked, over the configured verify-url', () => {
    expect(
      releaseUrl(planWithVerifyUrl('https://dev.example.com/health'), {
        steps: [],
        serviceUrl: 'http://web-123.us-east-1.elb.amazonaws.com/health'
      })
    ).toBe('http://web-123.us-east-1.elb.amazonaws.com/health')
  })

  it("is the target's verify-url when verify did not run, without its credentials", () => {
    expect(
      releaseUrl(planWithVerifyUrl('https://ops:s3cret@dev.example.com/health'), { steps: [] })
    ).toBe('https://dev.example.com/health')
  })

  it('is empty when nothing says where the release answers', () => {
    expect(releaseUrl(planWithVerifyUrl(undefined), { steps: [] })).toBe('')
    expect(releaseUrl(undefined, { steps: [] })).toBe('')
  })

  it('is written with the other release outputs, on failure too', () => {
    const written: Record<string, string> = {}
    writeReleaseOutputs(
      { steps: [], result: 'failed', serviceUrl: 'https://dev.example.com/health' },
      1.25,
      (name, value) => (written[name] = value),
      planWithVerifyUrl()
    )
    expect(written).toMatchObject({
      url: 'https://dev.example.com/health',
      result: 'failed',
      'elapsed-seconds': '1.3'
    })
  })

  it('a whole run: the verify-url of a release whose verify was skipped', async () => {
    const run = await release({
      inputs: { 'verify-url': 'https://dev.example.com/health' },
      // Stands in for a verify that could not run, so only the configured URL is known.
      steps: { verify: async () => {} }
    })
    expect(run.outputs).toMatchObject({ result: 'deployed', url: 'https://dev.example.com/health' })
  })

  it('a whole run without any URL: empty', async () => {
    const run = await release()
    expect(run.outputs).toMatchObject({ result: 'deployed', url: '' })
  })
})
