import { describe, expect, it } from '@jest/globals'
import {
  compatibilityProblems,
  platformOf,
  type Platform
} from '../../src/definitions/compatibility.js'

describe('platformOf: where a service runs its tasks, as far as it says', () => {
  it.each([
    [{ launchType: 'FARGATE' }, 'FARGATE'],
    [{ launchType: 'EC2' }, 'EC2'],
    [{ launchType: 'MANAGED_INSTANCES' }, 'MANAGED_INSTANCES'],
    [{ capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] }, 'FARGATE'],
    [
      {
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 }
        ]
      },
      'FARGATE'
    ],
    [{ capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }] }, 'FARGATE'],
    // Other providers (an Auto Scaling group's, managed instances') say nothing by name.
    [{ capacityProviderStrategy: [{ capacityProvider: 'web-asg' }] }, undefined],
    [{ capacityProviderStrategy: [] }, undefined],
    // Neither: the cluster's default strategy decides.
    [{}, undefined],
    [{ launchType: 'EXTERNAL' }, undefined]
  ])('%j → %s', (service, platform) => {
    expect(platformOf(service)).toBe(platform)
  })
})

describe('compatibilityProblems', () => {
  const where = 'service web in cluster demo'
  const problems = (definition: Record<string, unknown>, platform: Platform, at: string[] = []) =>
    compatibilityProblems(definition, platform, where, at).map(p => `${p.path}: ${p.problem}`)

  it('FARGATE: FARGATE in requiresCompatibilities and networkMode awsvpc', () => {
    expect(
      problems({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' }, 'FARGATE')
    ).toEqual([])
    expect(problems({ family: 'web' }, 'FARGATE')).toEqual([
      'requiresCompatibilities: is not set (EC2 only), but service web in cluster demo runs its tasks on FARGATE: add "FARGATE" to requiresCompatibilities',
      'networkMode: is not set (bridge), but service web in cluster demo runs its tasks on FARGATE, which takes only awsvpc: set "networkMode": "awsvpc"'
    ])
    expect(
      problems({ requiresCompatibilities: ['EC2'], networkMode: 'bridge' }, 'FARGATE', [
        'taskDefinition'
      ])
    ).toEqual([
      'taskDefinition.requiresCompatibilities: is ["EC2"], but service web in cluster demo runs its tasks on FARGATE: add "FARGATE" to requiresCompatibilities',
      'taskDefinition.networkMode: is "bridge", but service web in cluster demo runs its tasks on FARGATE, which takes only awsvpc: set "networkMode": "awsvpc"'
    ])
  })

  it('EC2: requiresCompatibilities absent (EC2) or naming EC2; any network mode', () => {
    expect(problems({ networkMode: 'bridge' }, 'EC2')).toEqual([])
    expect(problems({ requiresCompatibilities: ['EC2', 'FARGATE'] }, 'EC2')).toEqual([])
    expect(
      problems({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' }, 'EC2')
    ).toEqual([
      'requiresCompatibilities: is ["FARGATE"], but service web in cluster demo runs its tasks on EC2: add "EC2" to requiresCompatibilities'
    ])
  })

  it('MANAGED_INSTANCES: named in requiresCompatibilities', () => {
    expect(
      problems(
        { requiresCompatibilities: ['MANAGED_INSTANCES'], networkMode: 'host' },
        'MANAGED_INSTANCES'
      )
    ).toEqual([])
    expect(problems({ networkMode: 'awsvpc' }, 'MANAGED_INSTANCES')).toEqual([
      'requiresCompatibilities: is not set (EC2 only), but service web in cluster demo runs its tasks on MANAGED_INSTANCES: add "MANAGED_INSTANCES" to requiresCompatibilities'
    ])
  })

  it('a registered revision: what ECS computed (compatibilities) counts', () => {
    expect(
      problems({ compatibilities: ['EC2', 'FARGATE'], networkMode: 'awsvpc' }, 'FARGATE')
    ).toEqual([])
    expect(
      problems(
        { compatibilities: ['EC2'], requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc' },
        'FARGATE'
      )
    ).toHaveLength(1)
  })

  it('text from the file is escaped', () => {
    const [problem] = problems(
      { requiresCompatibilities: ['FARGATE'], networkMode: 'x\n::error::y' },
      'FARGATE'
    )
    expect(problem).not.toContain('\n')
    expect(problem).not.toContain('::error::')
  })
})
