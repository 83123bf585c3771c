import { describe, expect, it } from '@jest/globals'
import { RepositoryNotFoundException } from '@aws-sdk/client-ecr'
import { ServiceNotFoundException } from '@aws-sdk/client-ecs'
import { TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  AwsCallError,
  awsErrorCode,
  isNotFound,
  isThrottling,
  isThrottlingCode,
  isTransient,
  sdkErrorCode
} from '../../src/aws/call-error.js'
import { EcrCallError, EcrTagConflictError } from '../../src/aws/ecr-api.js'
import { EcsCallError } from '../../src/aws/ecs-api.js'
import { ElbCallError } from '../../src/aws/elb-api.js'

const meta = { $metadata: {}, message: 'not found' }

describe('one error model for the three adapters', () => {
  it.each([
    [new EcsCallError('m', 'UpdateService', 'ServerException', true, 'hint'), 'EcsCallError'],
    [new EcrCallError('m', 'PutImage', 'ServerException', true, 'hint'), 'EcrCallError'],
    [new ElbCallError('m', 'DescribeListeners', 'ServerException', true, 'hint'), 'ElbCallError']
  ])('%s is an AwsCallError with operation, code, transient, explanation', (error, name) => {
    expect(error).toBeInstanceOf(AwsCallError)
    expect(error).toMatchObject({
      name,
      operation: expect.any(String),
      code: 'ServerException',
      transient: true,
      explanation: 'hint'
    })
  })

  it('EcrTagConflictError keeps its fields and is an ECR call error', () => {
    const error = new EcrTagConflictError('web', 'v1', 'tag is immutable')
    expect(error).toBeInstanceOf(EcrCallError)
    expect(error).toMatchObject({
      repository: 'web',
      tag: 'v1',
      operation: 'PutImage',
      code: 'ImageTagAlreadyExistsException',
      transient: false,
      message: 'tag is immutable'
    })
  })
})

describe('isNotFound', () => {
  it.each([
    [new RepositoryNotFoundException(meta), undefined, true],
    [new RepositoryNotFoundException(meta), 'Repository', true],
    [new RepositoryNotFoundException(meta), 'Image', false],
    [new TargetGroupNotFoundException(meta), 'TargetGroup', true],
    [new ServiceNotFoundException(meta), undefined, true],
    [new EcrCallError('m', 'DescribeImages', 'ImageNotFoundException', false), 'Image', true],
    // The query protocol's bare code, as ELB spells it on the wire.
    [new ElbCallError('m', 'DescribeListeners', 'ListenerNotFound', false), undefined, true],
    [new EcsCallError('m', 'UpdateService', 'AccessDeniedException', false), undefined, false],
    [new Error('RepositoryNotFoundException'), undefined, false],
    ['RepositoryNotFoundException', undefined, false],
    [undefined, undefined, false]
  ])('%p (%p) → %p', (error, what, expected) => {
    expect(isNotFound(error, what)).toBe(expected)
  })

  it('reads the code of ours and the name of the SDK', () => {
    expect(awsErrorCode(new EcrCallError('m', 'X', 'Code', false))).toBe('Code')
    expect(awsErrorCode(new RepositoryNotFoundException(meta))).toBe('RepositoryNotFoundException')
  })
})

describe('isTransient and sdkErrorCode', () => {
  it.each([
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'Error', code: 'ECONNRESET' }, true],
    [{ name: 'TimeoutError' }, true],
    [{ $metadata: { httpStatusCode: 503 } }, true],
    [{ $metadata: { httpStatusCode: 429 } }, true],
    [{ $fault: 'server' }, true],
    [{ message: 'socket hang up' }, true],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'InvalidParameterException' }, false]
  ])('%j → %p', (error, transient) => {
    expect(isTransient(error)).toBe(transient)
  })

  it.each([
    [{ name: 'ThrottlingException' }, 'ThrottlingException'],
    [{ name: 'Error', code: 'ECONNRESET' }, 'ECONNRESET'],
    [{ name: 'Error' }, 'Error'],
    [{}, 'Error']
  ])('%j has code %s', (error, code) => {
    expect(sdkErrorCode(error)).toBe(code)
  })
})

describe('isThrottling: one list of throttling codes for retries and for poll pacing', () => {
  it.each([
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'TooManyRequestsException' }, true],
    [{ name: 'RequestLimitExceeded' }, true],
    [{ name: 'Throttling' }, true],
    [{ name: 'SlowDown' }, true],
    [{ name: 'ProvisionedThroughputExceededException' }, true],
    [{ name: 'Error', code: 'RateExceeded' }, true],
    [{ name: 'SomethingElse', $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }, false],
    [{ name: 'LimitExceededException' }, false],
    [{ name: 'Error', code: 'ECONNRESET' }, false],
    [{}, false]
  ])('%j → %p', (error, throttled) => {
    expect(isThrottling(error)).toBe(throttled)
  })

  it.each([
    ['ThrottlingException', true],
    ['RateExceeded', true],
    ['ServerException', false],
    ['DeadlineExceeded', false]
  ])('code %s → %p', (code, throttled) => {
    expect(isThrottlingCode(code)).toBe(throttled)
  })
})
