import { describe, expect, it } from '@jest/globals'
import { RepositoryNotFoundException } from '@aws-sdk/client-ecr'
import { TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2'
import { errorName } from '../../src/aws/error-name.js'

describe('errorName (shared by the ECR and ELB adapters)', () => {
  const meta = { $metadata: {}, message: 'not found' }
  it.each([
    [new RepositoryNotFoundException(meta), 'RepositoryNotFoundException'],
    [new TargetGroupNotFoundException(meta), 'TargetGroupNotFoundException'],
    [new TypeError('x'), 'TypeError'],
    ['RepositoryNotFoundException', undefined],
    [undefined, undefined]
  ])('%p → %p', (error, name) => {
    expect(errorName(error)).toBe(name)
  })
})
