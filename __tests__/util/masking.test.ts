import { describe, expect, it } from '@jest/globals'
import {
  maskSecret,
  maskUrlCredentials,
  MIN_MASK_LENGTH,
  redact,
  secretForms
} from '../../src/util/masking.js'
import { basicAuthRequest } from '../../src/util/url.js'
import { MaskingRunner } from '../../__fixtures__/masking-runner.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('secretForms', () => {
  it('raw, percent-encoded, percent-decoded, base64, and the Basic forms with a user', () => {
    const forms = secretForms('p@ss:w%2Fd', { user: 'deploy' })
    expect(forms).toEqual(
      expect.arrayContaining([
        'p@ss:w%2Fd',
        encodeURIComponent('p@ss:w%2Fd'),
        'p@ss:w/d',
        b64('p@ss:w%2Fd'),
        b64('p@ss:w/d'),
        b64('deploy:p@ss:w/d'),
        `Basic ${b64('deploy:p@ss:w/d')}`
      ])
    )
    expect(new Set(forms).size).toBe(forms.length)
  })

  it('each line of a multi-line secret, since the runner masks line by line', () => {
    expect(secretForms('first-line\nsecond-line')).toEqual(
      expect.arrayContaining(['first-line', 'second-line'])
    )
  })

  it(`never a form shorter than ${MIN_MASK_LENGTH} characters`, () => {
    expect(secretForms('1')).toEqual(['MQ=='])
    expect(secretForms('abc')).toEqual(['YWJj'])
    expect(secretForms('')).toEqual([])
    for (const form of secretForms('ab\ncd\nlonger-line', { user: 'u' }))
      expect(form.length).toBeGreaterThanOrEqual(MIN_MASK_LENGTH)
  })
})

describe('maskSecret', () => {
  it('masks the GitHub token wherever and however it is printed', () => {
    const runner = new MaskingRunner()
    const token = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
    maskSecret(token, runner, { user: 'x-access-token' })
    for (const leak of [
      `token=${token}`,
      `Authorization: Basic ${b64(`x-access-token:${token}`)}`,
      `AUTH=${b64(token)}`
    ]) {
      expect(runner.print(leak)).not.toContain(token)
      expect(runner.print(leak)).toContain('***')
      expect(runner.print(leak)).not.toMatch(new RegExp(b64(token).slice(0, 20)))
    }
  })

  it('masks the ECR password and its docker auth (base64 of AWS:password)', () => {
    const runner = new MaskingRunner()
    const password = 'eyJwYXlsb2FkIjoiQUJDIiwiZGF0YWtleSI6IkRFRiJ9'
    maskSecret(password, runner, { user: 'AWS' })
    const dockerConfig = `{"auths":{"x":{"auth":"${b64(`AWS:${password}`)}"}}}`
    expect(runner.print(dockerConfig)).toBe('{"auths":{"x":{"auth":"***"}}}')
  })

  it('registers nothing for no value', () => {
    const runner = new MaskingRunner()
    expect(maskSecret(undefined, runner)).toEqual([])
    expect(runner.secrets).toEqual([])
  })
})

describe('maskUrlCredentials', () => {
  const url = 'https://deploy-bot:p%40ss%2Fw0rd@app.example.com/health'

  it('masks user, password, their encoded and decoded forms and the Basic header sent', () => {
    const runner = new MaskingRunner()
    maskUrlCredentials(url, runner)
    const { authorization } = basicAuthRequest(url)
    for (const leak of [
      url,
      `GET ${url}`,
      `Authorization: ${authorization!}`,
      'password p@ss/w0rd',
      `user deploy-bot, password ${encodeURIComponent('p@ss/w0rd')}`
    ]) {
      const shown = runner.print(leak)
      expect(shown).not.toMatch(/p%40ss|p@ss|deploy-bot/)
      expect(shown).not.toContain(authorization!.slice('Basic '.length))
    }
  })

  it('has nothing to mask in a URL without credentials or one that does not parse', () => {
    const runner = new MaskingRunner()
    expect(maskUrlCredentials('https://app.example.com/health', runner)).toEqual([])
    expect(maskUrlCredentials('not a url', runner)).toEqual([])
    expect(runner.secrets).toEqual([])
  })
})

describe('redact', () => {
  it('replaces even short values, longest first', () => {
    expect(redact('PIN=123 and 1234', ['123', '1234'])).toBe('PIN=*** and ***')
    expect(redact('nothing here', ['', 'zz'])).toBe('nothing here')
  })
})
