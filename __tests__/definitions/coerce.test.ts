import { describe, expect, it } from '@jest/globals'
import { coerceTaskDefinition } from '../../src/definitions/coerce.js'

describe('coerceTaskDefinition', () => {
  it('turns task-level cpu and memory numbers into the strings the API takes, and says so', () => {
    const input = { family: 'web', cpu: 256, memory: 512, containerDefinitions: [] }
    const { definition, notes, problems } = coerceTaskDefinition(input)
    expect(definition).toEqual({
      family: 'web',
      cpu: '256',
      memory: '512',
      containerDefinitions: []
    })
    expect(notes).toEqual([
      'cpu: 256 is registered as the text "256" (the API takes task-level cpu as a string)',
      'memory: 512 is registered as the text "512" (the API takes task-level memory as a string)'
    ])
    expect(problems).toEqual([])
    // Pure: the input is untouched.
    expect(input.cpu).toBe(256)
  })

  it('leaves strings as they are: ECS reads "1 vCPU" and "2 GB" itself', () => {
    const input = {
      family: 'web',
      cpu: '1 vCPU',
      memory: '2 GB',
      containerDefinitions: [{ name: 'web', cpu: 128, memory: 256, memoryReservation: 128 }]
    }
    expect(coerceTaskDefinition(input)).toEqual({ definition: input, notes: [], problems: [] })
  })

  it('refuses task-level sizes that are no whole number, naming the path', () => {
    const { problems } = coerceTaskDefinition({ cpu: 0.5, memory: true }, ['taskDefinition'])
    expect(problems).toEqual([
      { path: 'taskDefinition.cpu', problem: 'expected CPU units like "256" or "1 vCPU", not 0.5' },
      { path: 'taskDefinition.memory', problem: 'expected MiB like "512" or "1 GB", not true' }
    ])
  })

  it('a numeric string for a container size is an error naming the path, never guessed', () => {
    const { definition, problems } = coerceTaskDefinition({
      containerDefinitions: [
        { name: 'ok', cpu: 0, memory: 512 },
        { name: 'web', cpu: '256', memory: ' 512 ', memoryReservation: '0.5 GB' },
        { name: 'odd', memory: 1.5, cpu: [] }
      ]
    })
    expect(problems).toEqual([
      {
        path: 'containerDefinitions[1].cpu',
        problem:
          'is the text "256"; a container\'s cpu is a whole number of CPU units: write 256 without quotes'
      },
      {
        path: 'containerDefinitions[1].memory',
        problem:
          'is the text " 512 "; a container\'s memory is a whole number of MiB: write 512 without quotes'
      },
      {
        path: 'containerDefinitions[1].memoryReservation',
        problem: 'expected a whole number of MiB, not the text "0.5 GB"'
      },
      {
        path: 'containerDefinitions[2].cpu',
        problem: 'expected a whole number of CPU units, not a list'
      },
      { path: 'containerDefinitions[2].memory', problem: 'expected a whole number of MiB, not 1.5' }
    ])
    expect((definition.containerDefinitions as { cpu: unknown }[])[1]!.cpu).toBe('256')
  })
})
