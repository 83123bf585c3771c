import { describe, expect, it } from '@jest/globals'
import { INPUT_BOUNDS, readSettings } from '../../src/settings/settings.js'
import { MAX_TIMER_MILLISECONDS } from '../../src/util/duration.js'
import { InputError } from '../../src/util/errors.js'
import { HOSTILE_LIST, runnerCommandLines } from '../../__fixtures__/hostile-strings.js'

// Durations and counts have upper bounds: past them a value is a typo or an attack, and some
// would break things (a Node timer past 2^31-1 ms fires at once; ECS refuses the count).

const noConfig = () => ({ environments: {} })
const read = (inputs: Record<string, string>) => readSettings(name => inputs[name] ?? '', noConfig)
const fourHundredDigits = '9'.repeat(400)

describe('bounded inputs fail with the input, the bound and the fix', () => {
  it.each([
    [
      { timeout: '7h' },
      'input timeout: 7h is too long (GitHub stops a job after 6h). Give at most 6h.'
    ],
    [
      { timeout: '21601' },
      'input timeout: 21601s is too long (GitHub stops a job after 6h). Give at most 6h.'
    ],
    [
      { timeout: fourHundredDigits },
      `input timeout: "${fourHundredDigits.slice(0, 40)}… (360 more characters)" is too long a number.`
    ],
    [
      { timeout: `${fourHundredDigits}s` },
      'input timeout: "999999999999999999999999999999999999999'
    ],
    [
      { timeout: '1000000y' },
      'input timeout: 8766000000h is too long (GitHub stops a job after 6h)'
    ],
    [
      { 'verify-timeout': '1d' },
      'input verify-timeout: 24h is too long (GitHub stops a job after 6h). Give at most 6h.'
    ],
    [
      { 'poll-interval': '25d' },
      'input poll-interval: 600h is too long (the rollout would hardly be watched). Give at most 10m.'
    ],
    [
      { 'poll-interval': String(MAX_TIMER_MILLISECONDS) },
      'input poll-interval: 2147483647s is too long'
    ],
    [
      { 'poll-interval': '11m' },
      'input poll-interval: 11m is too long (the rollout would hardly be watched). Give at most 10m.'
    ],
    [
      { 'desired-count': '5001' },
      `input desired-count: "5001" is more than 5000 (ECS's quota of tasks per service). Give a count from 0 to 5000.`
    ],
    [{ 'desired-count': fourHundredDigits }, 'input desired-count: "99999'],
    [
      { 'max-failed-tasks': '1001' },
      'input max-failed-tasks: "1001" is more than 1000 (more are never worth waiting for). Give a count from 0 to 1000.'
    ],
    [{ 'max-failed-tasks': fourHundredDigits }, 'input max-failed-tasks: "99999']
  ])('%j', (inputs, message) => {
    expect(() => read(inputs)).toThrow(InputError)
    expect(() => read(inputs)).toThrow(message)
  })

  it.each([
    [{ timeout: '6h' }, 'timeoutSeconds', 21600],
    [{ timeout: '21600' }, 'timeoutSeconds', 21600],
    [{ 'poll-interval': '10m' }, 'pollIntervalSeconds', 600],
    [{ 'desired-count': '5000' }, 'desiredCount', 5000],
    [{ 'desired-count': '0' }, 'desiredCount', 0],
    [{ 'max-failed-tasks': '1000' }, 'maxFailedTasks', 1000]
  ])('%j is the bound and is accepted', (inputs, field, value) => {
    expect(read(inputs)).toMatchObject({ [field]: value })
  })

  it('keeps every bound below what a Node timer accepts', () => {
    expect(INPUT_BOUNDS.jobSeconds * 1000).toBeLessThan(MAX_TIMER_MILLISECONDS)
    expect(INPUT_BOUNDS.pollIntervalSeconds * 1000).toBeLessThan(MAX_TIMER_MILLISECONDS)
  })
})

describe('outputs and input errors', () => {
  it.each([
    ['prod', true],
    ['eu-west-1.blue_2', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['..', false],
    ['-rf', false],
    ['', false],
    ['prod;rm -rf /', false],
    ['prod\n::set-output name=x::y', false],
    ['$(id)', false]
  ])('environment %j accepted: %p', (environment, ok) => {
    if (ok) expect(read({ environment }).environment).toBe(environment)
    else if (environment !== '')
      expect(() => read({ environment })).toThrow(
        /^input environment: .* is not an environment name/
      )
  })

  it.each(HOSTILE_LIST)(
    'an input error echoing %s prints no command and stays short',
    (_, hostile) => {
      const cases: Record<string, string>[] = [
        { timeout: hostile },
        { flow: hostile },
        { 'desired-count': hostile },
        { tags: `ok,${hostile}` }
      ]
      for (const inputs of cases) {
        let message = ''
        try {
          read(inputs)
        } catch (error) {
          message = (error as Error).message
        }
        if (message === '') continue // some are valid, e.g. a tag made of letters
        expect(runnerCommandLines(message)).toEqual([])
        expect(message.length).toBeLessThan(600)
      }
    }
  )

  it.each([
    'ftp://deploy:s3cret-pass@app.example.com/health',
    'https://deploy:s3cret-pass@exa mple.com/health',
    'app.example.com://deploy:s3cret-pass@x'
  ])('a bad verify-url never echoes its credentials: %s', verifyUrl => {
    expect(() => read({ 'verify-url': verifyUrl })).toThrow(
      /^input verify-url: .* is not an http\(s\) URL/
    )
    expect(() => read({ 'verify-url': verifyUrl })).not.toThrow(/s3cret-pass/)
  })
})
