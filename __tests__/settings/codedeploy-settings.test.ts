import { resolveTargets } from '../../src/plan/target.js'
import { parseConfig } from '../../src/settings/config-file.js'
import { readSettings } from '../../src/settings/settings.js'
import type { ConfigFile } from '../../src/settings/types.js'
import { codeDeployNames } from '../../src/codedeploy/names.js'

// The CodeDeploy application, deployment group and AppSpec hooks: inputs, the config file's
// environment and service keys, and the ECS console's names when none is set.

const settingsOf = (
  inputs: Record<string, string | undefined>,
  config: ConfigFile = { environments: {} }
) =>
  readSettings(
    name => inputs[name] ?? '',
    () => config
  )

describe('CodeDeploy names', () => {
  const config = parseConfig(
    [
      'environments:',
      '  dev:',
      '    cluster: demo',
      '    codedeploy-application: shop',
      '    codedeploy-hooks:',
      '      BeforeAllowTraffic: warm-up',
      '    services:',
      '      web:',
      '        codedeploy-deployment-group: shop-web',
      '      worker: {}',
      '      api:',
      '        codedeploy-application: api-app',
      '        codedeploy-hooks:',
      '          AfterAllowTestTraffic: arn:aws:lambda:us-east-1:123456789012:function:smoke'
    ].join('\n'),
    'ecs-flow.yml'
  )

  it.each([
    {
      name: 'service keys win over the environment, defaults fill the rest',
      inputs: {},
      expected: {
        web: { application: 'shop', deploymentGroup: 'shop-web' },
        worker: { application: 'shop', deploymentGroup: 'DgpECS-demo-worker' },
        api: { application: 'api-app', deploymentGroup: 'DgpECS-demo-api' }
      }
    },
    {
      name: 'inputs win over the config file',
      inputs: { 'codedeploy-application': 'from-input', 'codedeploy-deployment-group': 'dg' },
      expected: {
        web: { application: 'from-input', deploymentGroup: 'dg' },
        worker: { application: 'from-input', deploymentGroup: 'dg' },
        api: { application: 'from-input', deploymentGroup: 'dg' }
      }
    }
  ])('$name', ({ inputs, expected }) => {
    const targets = resolveTargets(settingsOf(inputs, config), 'dev')
    expect(Object.fromEntries(targets.map(t => [t.service, codeDeployNames(t)]))).toEqual(expected)
  })

  it('takes the hooks of the service, else those of the environment', () => {
    const targets = resolveTargets(settingsOf({}, config), 'dev')
    expect(Object.fromEntries(targets.map(t => [t.service, t.codeDeployHooks]))).toEqual({
      web: { BeforeAllowTraffic: 'warm-up' },
      worker: { BeforeAllowTraffic: 'warm-up' },
      api: { AfterAllowTestTraffic: 'arn:aws:lambda:us-east-1:123456789012:function:smoke' }
    })
  })

  it("uses the ECS console's names with the inputs only", () => {
    const [target] = resolveTargets(settingsOf({ cluster: 'prod', service: 'shop' }), 'production')
    expect(codeDeployNames(target!)).toEqual({
      application: 'AppECS-prod-shop',
      deploymentGroup: 'DgpECS-prod-shop'
    })
  })
})

describe('bad CodeDeploy settings', () => {
  it.each([
    {
      name: 'an input name longer than CodeDeploy takes',
      inputs: { 'codedeploy-application': 'a'.repeat(101) },
      error:
        /input codedeploy-application: "a{101}" is not a CodeDeploy name \(1 to 100 characters, no control characters or line breaks\)/
    },
    {
      name: 'both inputs bad: both named at once',
      inputs: { 'codedeploy-application': 'x\ty', 'codedeploy-deployment-group': 'b'.repeat(120) },
      error:
        /2 problems[\s\S]*input codedeploy-application: "x\ty"[\s\S]*input codedeploy-deployment-group: "b{120}"/
    }
  ])('$name', ({ inputs, error }) => {
    expect(() => settingsOf(inputs)).toThrow(error)
  })

  it.each([
    {
      name: 'an event CodeDeploy runs itself (no hook there)',
      yaml: 'environments:\n  dev:\n    codedeploy-hooks:\n      AllowTraffic: fn\n',
      error: /ecs-flow\.yml: environments\.dev\.codedeploy-hooks: unknown key "AllowTraffic"/
    },
    {
      name: 'a misspelt hook, with the right one suggested',
      yaml: 'environments:\n  dev:\n    codedeploy-hooks:\n      AfterAllowTestTrafic: fn\n',
      error: /unknown key "AfterAllowTestTrafic" \(did you mean "AfterAllowTestTraffic"\?\)/
    },
    {
      name: 'a hook without a function',
      yaml: 'environments:\n  dev:\n    services:\n      web:\n        codedeploy-hooks:\n          AfterInstall: ""\n',
      error: /environments\.dev\.services\.web\.codedeploy-hooks\.AfterInstall: must not be empty/
    },
    {
      name: 'a group name that is not text',
      yaml: 'environments:\n  dev:\n    codedeploy-deployment-group: [a, b]\n',
      error: /environments\.dev\.codedeploy-deployment-group: expected a CodeDeploy name/
    },
    {
      name: 'a misspelt key, with the right one suggested',
      yaml: 'environments:\n  dev:\n    codedeploy-app: shop\n',
      error: /unknown key "codedeploy-app" \(did you mean "codedeploy-application"\?\)/
    }
  ])('$name', ({ yaml, error }) => {
    expect(() => parseConfig(yaml, 'ecs-flow.yml')).toThrow(error)
  })
})
