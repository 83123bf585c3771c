import { describe, expect, it } from '@jest/globals'
import { MINIMUM_NODE_MAJOR, oldNodeNotice, sayOldNode } from '../../src/cli/node-version.js'

describe('oldNodeNotice', () => {
  it.each([
    ['v20.20.2', true],
    ['v18.0.0', true],
    ['v21.7.3', true],
    ['v22.0.0', false],
    ['v22.23.5', false],
    ['v24.22.3', false],
    ['v100.1.0', false],
    ['not a version', false]
  ])('%s → a notice: %s', (version, expected) => {
    const notice = oldNodeNotice(version)
    expect(notice !== undefined).toBe(expected)
    if (notice) {
      expect(notice).toContain(version)
      expect(notice).toContain(`Node ${MINIMUM_NODE_MAJOR} or later`)
      // One line, not the SDK's seven.
      expect(notice.trimEnd().split('\n')).toHaveLength(1)
    }
  })
})

describe('sayOldNode', () => {
  it('on an older Node: one line on stderr, and the SDK told not to say it again', () => {
    const env: NodeJS.ProcessEnv = {}
    const err: string[] = []
    sayOldNode('v20.20.2', env, text => err.push(text))
    expect(err).toHaveLength(1)
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true')
  })

  it('on Node 22 and later: nothing said, nothing switched off', () => {
    const env: NodeJS.ProcessEnv = {}
    const err: string[] = []
    sayOldNode('v24.22.3', env, text => err.push(text))
    expect(err).toEqual([])
    expect(env).toEqual({})
  })
})
