import { describe, expect, it } from '@jest/globals'
import { resolveTargets } from '../../src/plan/target.js'
import { parseConfig } from '../../src/settings/config-file.js'
import { readSettings } from '../../src/settings/settings.js'
import {
  containerChanges,
  containerOfRevision,
  releasedContainer
} from '../../src/strategies/express/container.js'

// express-service in the config file: an environment's and a services: entry's, the errors
// that name the config path, and the container an Express release sends (pure).

const targetsOf = (yaml: string) =>
  resolveTargets(
    readSettings(
      () => '',
      () => parseConfig(yaml, 'ecs-flow.yml')
    ),
    'dev'
  )

describe('express-service in the config file', () => {
  it('an environment names one by name or ARN; its name is the service’s', () => {
    const [byName] = targetsOf(
      ['environments:', '  dev:', '    cluster: demo', '    express-service: api'].join('\n')
    )
    expect(byName).toMatchObject({ service: 'api', expressService: 'api', cluster: 'demo' })
    const [byArn] = targetsOf(
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    express-service: arn:aws:ecs:us-east-1:123456789012:service/demo/api'
      ].join('\n')
    )
    expect(byArn).toMatchObject({ service: 'api' })
  })

  it('a services: entry may be one, beside classic services', () => {
    const targets = targetsOf(
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        '    services:',
        '      web: {}',
        '      api:',
        '        express-service: api'
      ].join('\n')
    )
    expect(targets.map(target => [target.service, target.expressService])).toEqual([
      ['web', undefined],
      ['api', 'api']
    ])
  })

  it('refuses what does not apply to one, every problem in one error naming the config path', () => {
    expect(() =>
      targetsOf(
        [
          'environments:',
          '  dev:',
          '    cluster: demo',
          '    express-service: nope',
          '    services:',
          '      api:',
          '        express-service: api',
          '        task-definition: api.json',
          '        service-definition: api-service.json',
          '        container: [Main, sidecar]'
        ].join('\n')
      )
    ).toThrow(
      /ecs-flow\.yml: environments\.dev\.services\.api\.express-service: express-service is set for the whole environment.*; task-definition does not apply.*; service-definition does not apply.*; an Express service has one container/
    )
  })

  it('refuses a one-off task beside an Express service (it would run the old image), not beside a classic one', () => {
    const yaml = (service: string) =>
      [
        'environments:',
        '  dev:',
        '    cluster: demo',
        `    before-deploy: {command: migrate${service}}`,
        '    services:',
        '      api:',
        '        express-service: api',
        '      web: {}'
      ].join('\n')
    expect(() => targetsOf(yaml(''))).toThrow(
      /ecs-flow\.yml: environments\.dev\.before-deploy: runs beside Express service api/
    )
    expect(targetsOf(yaml(', service: web')).map(target => target.service)).toEqual(['api', 'web'])
  })

  it('the schema refuses a value that is neither a name nor an Express service ARN', () => {
    expect(() =>
      parseConfig(
        ['environments:', '  dev:', '    cluster: demo', '    express-service: "not a name"'].join(
          '\n'
        ),
        'ecs-flow.yml'
      )
    ).toThrow(/environments\.dev\.express-service.*expected an Express service name/)
  })
})

describe('the container an Express release sends', () => {
  const current = {
    image: 'registry/api:old',
    containerPort: 8080,
    command: ['serve'],
    environment: [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' }
    ],
    secrets: [{ name: 'TOKEN', valueFrom: 'arn:old' }],
    awsLogsConfiguration: { logGroup: '/ecs/api', logStreamPrefix: 'ecs' }
  }

  it('keeps everything it had, with the image and the environment’s variables and secrets over its own', () => {
    const sent = releasedContainer(current, 'registry/api@sha256:1', {
      variables: { B: 'two', C: '3' },
      secrets: { TOKEN: 'arn:new' }
    })
    expect(sent).toEqual({
      ...current,
      image: 'registry/api@sha256:1',
      environment: [
        { name: 'A', value: '1' },
        { name: 'B', value: 'two' },
        { name: 'C', value: '3' }
      ],
      secrets: [{ name: 'TOKEN', valueFrom: 'arn:new' }]
    })
    // Names only: a value never reaches the log.
    expect(containerChanges(current, sent)).toEqual([
      'image: registry/api:old → registry/api@sha256:1',
      'variable B: changed',
      'variable C: added',
      'secret TOKEN: changed'
    ])
    expect(containerChanges(current, current)).toEqual([])
  })

  it('a rollback takes the image, variables and secrets of the revision’s Main container', () => {
    const back = containerOfRevision(
      { ...current, image: 'registry/api:bad' },
      {
        containerDefinitions: [
          { name: 'Main', image: 'registry/api:old', environment: [{ name: 'A', value: '1' }] }
        ]
      }
    )
    expect(back).toEqual({
      ...current,
      image: 'registry/api:old',
      environment: [{ name: 'A', value: '1' }],
      secrets: []
    })
    expect(
      containerOfRevision(current, {
        containerDefinitions: [{ name: 'x' }, { name: 'y', image: 'i' }]
      })
    ).toBeUndefined()
  })
})
