import { describe, expect, it } from '@jest/globals'
import { explanationFor, scrubCredentials } from '../../src/aws/explain-errors.js'

const env = {
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//////////wEaDH-session',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
}

describe('scrubCredentials', () => {
  it.each([
    [
      'header echoed',
      'The request had X-Amz-Security-Token: FwoGZXIvYXdzEJr//////////wEaDH-session and failed',
      'The request had X-Amz-Security-Token: ***'
    ],
    [
      'Authorization header echoed',
      "headers: {'authorization': 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, Signature=abc'}",
      "headers: {'authorization': '***'}"
    ],
    [
      'JSON-ish header echo',
      '"X-Amz-Security-Token":"opaque-token-value","next":1',
      '"X-Amz-Security-Token":"***","next":1'
    ],
    [
      'presigned URL parameters',
      'https://x.example/?X-Amz-Security-Token=abc%2Fdef&X-Amz-Signature=0123abcd&X-Amz-Date=20260101',
      'https://x.example/?X-Amz-Security-Token=***&X-Amz-Signature=***&X-Amz-Date=20260101'
    ],
    ['the session token anywhere', `token was ${env.AWS_SESSION_TOKEN}.`, 'token was ***.'],
    ['the secret key anywhere', `key ${env.AWS_SECRET_ACCESS_KEY}`, 'key ***']
  ])('%s', (_, text, expected) => {
    const scrubbed = scrubCredentials(text, env)
    expect(scrubbed).toBe(expected)
    expect(scrubbed).not.toContain(env.AWS_SESSION_TOKEN)
  })

  it('leaves text without credentials alone, and ignores values too short to be secret', () => {
    expect(scrubCredentials('Service web was not found', { AWS_SESSION_TOKEN: 'we' })).toBe(
      'Service web was not found'
    )
  })
})

describe('explanationFor', () => {
  it('names the IAM action of the call when AWS does not', () => {
    expect(
      explanationFor({ name: 'AccessDeniedException', message: 'denied' }, 'ecs:UpdateService')
    ).toMatch(/^the role is not allowed ecs:UpdateService on the resource it names/)
  })
  it('has nothing to say about a missing service', () => {
    expect(
      explanationFor({ name: 'ServiceNotFoundException', message: 'gone' }, 'ecs:UpdateService')
    ).toBeUndefined()
  })
})
