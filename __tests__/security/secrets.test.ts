import { describe, expect, it } from '@jest/globals'
import { readSettings } from '../../src/settings/settings.js'

const noConfig = () => ({ environments: {} })
const read = (inputs: Record<string, string>) => readSettings(name => inputs[name] ?? '', noConfig)

describe('public-build-args', () => {
  it('names the build args whose values may be shown, one per line or comma-separated', () => {
    expect(
      read({
        'build-args': 'NODE_ENV=production\nNPM_TOKEN=x',
        'public-build-args': 'NODE_ENV, APP_VERSION\nGIT_SHA'
      }).docker.publicBuildArgs
    ).toEqual(['NODE_ENV', 'APP_VERSION', 'GIT_SHA'])
  })

  it('is empty by default: every build arg value is secret', () => {
    expect(read({ 'build-args': 'NPM_TOKEN=x' }).docker.publicBuildArgs).toEqual([])
  })
})
