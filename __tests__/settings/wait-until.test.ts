import { describe, expect, it } from '@jest/globals'
import { parseConfig } from '../../src/settings/config-file.js'
import { readSettings } from '../../src/settings/settings.js'
import { LIFECYCLE_STAGES, WAIT_UNTIL } from '../../src/settings/vocabulary.js'
import { waitUntilSource } from '../../src/settings/wait-until.js'
import { resolveTargets } from '../../src/plan/target.js'

// wait-until: complete, drained, traffic-shifted, or one of ECS's lifecycle stages; as an input, or in the
// config file for an environment or one of its services.

const read = (inputs: Record<string, string>, config = '') =>
  readSettings(
    name => inputs[name] ?? '',
    () => (config ? parseConfig(config, 'ecs-flow.yml') : { environments: {} })
  )

const mixed = (env: string, web: string) =>
  [
    'environments:',
    '  dev:',
    '    cluster: demo',
    ...(env ? [`    wait-until: ${env}`] : []),
    '    services:',
    `      web: ${web}`,
    '      worker: {}'
  ].join('\n')

describe('wait-until', () => {
  it('accepts complete, drained, traffic-shifted and every lifecycle stage ECS reports', () => {
    expect(WAIT_UNTIL).toEqual(['complete', 'drained', 'traffic-shifted', ...LIFECYCLE_STAGES])
    expect(LIFECYCLE_STAGES).toEqual([
      'RECONCILE_SERVICE',
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP'
    ])
    for (const value of WAIT_UNTIL) expect(read({ 'wait-until': value }).waitUntil).toBe(value)
  })

  it('a misspelled stage as input: the input, the value, every accepted value, the likeliest', () => {
    let message = ''
    try {
      read({ 'wait-until': 'bake-time', timeout: 'soon' })
    } catch (error) {
      message = (error as Error).message
    }
    // Reported with the other bad input of the run, not one per run.
    expect(message).toMatch(/^2 problems were found before anything ran:/)
    expect(message).toMatch(/input timeout: "soon" is not a duration/)
    expect(message).toContain(
      'input wait-until: "bake-time" is not one of complete, drained, traffic-shifted, RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP (did you mean "BAKE_TIME"?). Use one of: complete, drained, traffic-shifted,'
    )
    // Nothing close: no guess.
    expect(() => read({ 'wait-until': 'whenever' })).toThrow(
      /"whenever" is not one of complete, drained, traffic-shifted, .*, CLEAN_UP\. Use one of/
    )
  })

  it('a misspelled stage in the config file: the key path, the value and the likeliest', () => {
    expect(() => parseConfig(mixed('TEST_TRAFIC_SHIFT', '{}'), 'ecs-flow.yml')).toThrow(
      /^ecs-flow\.yml: environments\.dev\.wait-until: expected one of complete, .*, CLEAN_UP \(not "TEST_TRAFIC_SHIFT"\) \(did you mean "TEST_TRAFFIC_SHIFT"\?\)/
    )
    expect(() => parseConfig(mixed('', '{ wait-until: 3 }'), 'ecs-flow.yml')).toThrow(
      /environments\.dev\.services\.web\.wait-until: expected one of complete, .*, CLEAN_UP \(not number\)/
    )
  })

  it("a service's own wait-until wins over the environment's; the input over both", () => {
    const fromFile = read({}, mixed('traffic-shifted', '{ wait-until: BAKE_TIME }'))
    expect(resolveTargets(fromFile, 'dev').map(t => [t.service, t.waitUntil])).toEqual([
      ['web', 'BAKE_TIME'],
      ['worker', 'traffic-shifted']
    ])
    const fromInput = read({ 'wait-until': 'SCALE_UP' }, mixed('', '{ wait-until: BAKE_TIME }'))
    expect(resolveTargets(fromInput, 'dev').map(t => t.waitUntil)).toEqual(['SCALE_UP', 'SCALE_UP'])
  })

  it('names where a service got its wait-until: the input, its own key, or the environment', () => {
    const target = (service: string) => ({ environment: 'dev', service })
    const config = read({}, mixed('SCALE_UP', '{ wait-until: BAKE_TIME }'))
    expect(waitUntilSource(config, target('web'))).toBe(
      'ecs-flow.yml: environments.dev.services.web.wait-until'
    )
    expect(waitUntilSource(config, target('worker'))).toBe(
      'ecs-flow.yml: environments.dev.wait-until'
    )
    const input = read({ 'wait-until': 'BAKE_TIME' }, mixed('SCALE_UP', '{}'))
    expect(waitUntilSource(input, target('web'))).toBe('input wait-until')
  })
})
