import { describe, expect, it } from '@jest/globals'
import { didYouMean, editDistance, suggestion } from '../../src/util/did-you-mean.js'

const TASK_KEYS = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'cpu',
  'memory',
  'tags'
]
const CONTAINER_KEYS = [
  'name',
  'image',
  'portMappings',
  'environment',
  'secrets',
  'memoryReservation'
]
const ENVIRONMENT_KEYS = [
  'cluster',
  'service',
  'task-definition',
  'container',
  'service-definition'
]

describe('didYouMean', () => {
  it.each([
    ['excutionRoleArn', TASK_KEYS, 'executionRoleArn'],
    ['ExecutionRoleArn', TASK_KEYS, 'executionRoleArn'],
    ['taskRoleARN', TASK_KEYS, 'taskRoleArn'],
    ['containerDefinition', TASK_KEYS, 'containerDefinitions'],
    ['famliy', TASK_KEYS, 'family'],
    ['volume', TASK_KEYS, 'volumes'],
    ['portMapping', CONTAINER_KEYS, 'portMappings'],
    ['port_mappings', CONTAINER_KEYS, 'portMappings'],
    ['enviroment', CONTAINER_KEYS, 'environment'],
    ['memoryReservaton', CONTAINER_KEYS, 'memoryReservation'],
    ['container-name', ENVIRONMENT_KEYS, 'container'],
    ['task_definition', ENVIRONMENT_KEYS, 'task-definition'],
    ['taskDefinition', ENVIRONMENT_KEYS, 'task-definition'],
    ['clutser', ENVIRONMENT_KEYS, 'cluster']
  ])('%s → %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected)
  })

  it.each([
    ['dockerImage', CONTAINER_KEYS],
    ['username', CONTAINER_KEYS],
    ['x', TASK_KEYS],
    ['replicas', ENVIRONMENT_KEYS],
    ['foo', []]
  ])('%s has no suggestion', (word, candidates) => {
    expect(didYouMean(word, candidates)).toBeUndefined()
  })

  it('prefers the closest of several candidates', () => {
    expect(didYouMean('cpus', ['cpu', 'cpuArchitecture'])).toBe('cpu')
    expect(didYouMean('memor', ['memory', 'memoryReservation'])).toBe('memory')
  })

  it('suggestion is a ready-to-print clause', () => {
    expect(suggestion('portMapping', CONTAINER_KEYS)).toBe(' (did you mean "portMappings"?)')
    expect(suggestion('zzz', CONTAINER_KEYS)).toBe('')
  })
})

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
    ['excution', 'execution', 1],
    ['abcdef', 'abcdef', 0]
  ])('%s ↔ %s = %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected)
    expect(editDistance(b, a)).toBe(expected)
  })
})
