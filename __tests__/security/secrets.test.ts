import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { MaskingRunner } from '../../__fixtures__/masking-runner.js'
import { renderDefinitionFile } from '../../src/definitions/templated.js'
import { readSettings } from '../../src/settings/settings.js'
import { codeBlock, escapeForLog, escapeMarkdown, inlineCode } from '../../src/util/escape.js'
import { forgetKnownSecrets } from '../../src/util/known-secrets.js'
import { maskSecret, maskUrlCredentials } from '../../src/util/masking.js'
import { printable } from '../../src/util/printable.js'

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

// Every escaper removes the run's known secrets before it escapes: an escaped, cut or encoded
// form of a secret is no longer what the runner masks.
describe('known secrets are redacted before any escaping', () => {
  const PASSWORD = 'p@ss'
  const TOKEN = 'ghs_t0ken::with|pipes*and_under\nline2'
  afterEach(() => forgetKnownSecrets())

  /** Every form the secret could take in a log line or a summary; before it is known. */
  function formsOf(secret: string): string[] {
    return [
      secret,
      escapeMarkdown(secret),
      escapeForLog(secret),
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      JSON.stringify(secret).slice(1, -1)
    ]
  }

  function expectHidden(text: string, forms: string[]) {
    for (const form of forms) expect(text).not.toContain(form)
  }

  it('escapeMarkdown: a password is never shown as p\\@ss', () => {
    const forms = formsOf(PASSWORD)
    expect(forms).toContain('p\\@ss')
    maskSecret(PASSWORD, new MaskingRunner())
    const shown = escapeMarkdown(`login failed for deploy:${PASSWORD}@db`)
    expect(shown).not.toContain('p\\@ss')
    expect(shown).toContain('\\*\\*\\*')
    expectHidden(shown, forms)
  })

  it('escapeForLog, inlineCode, codeBlock and printable: no escaped form of a token', () => {
    const forms = formsOf(TOKEN)
    maskSecret(TOKEN, new MaskingRunner())
    const text = `the answer quoted ${TOKEN} and ${JSON.stringify(TOKEN)}`
    for (const shown of [
      escapeForLog(text),
      escapeMarkdown(text),
      inlineCode(text),
      codeBlock([text]),
      printable(text, 400)
    ]) {
      expectHidden(shown, forms)
      expect(shown).not.toContain('ghs_t0ken')
      expect(shown.replace(/\\/g, '')).toContain('***')
    }
  })

  it('a secret across the length limit is redacted whole, not cut to a visible prefix', () => {
    const secret = 'abcdefghijklmnop-secret'
    maskSecret(secret, new MaskingRunner())
    const text = `${'x'.repeat(30)}${secret}`
    expect(escapeForLog(text, 40)).not.toContain('abcdefgh')
    expect(escapeMarkdown(text, 40)).not.toContain('abcdefgh')
    expect(printable(text, 40)).not.toContain('abcdefgh')
  })

  it('verify-url credentials: the percent-encoded and decoded password, in the summary too', () => {
    maskUrlCredentials('https://deploy:p%40ss-w0rd@app.example/health', new MaskingRunner())
    const shown = escapeMarkdown(
      'GET https://deploy:p%40ss-w0rd@app.example/health failed; the password p@ss-w0rd was refused'
    )
    expect(shown).not.toContain('p%40ss-w0rd')
    expect(shown).not.toContain('p\\@ss-w0rd')
    expect(shown).not.toContain('p@ss-w0rd')
  })

  it('a runner variable a template reads becomes a known secret, masked with the runner too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-flow-secrets-'))
    writeFileSync(
      join(dir, 'td.json'),
      JSON.stringify({
        family: 'web',
        containerDefinitions: [{ name: 'web', command: ['--token={{ env.API_TOKEN }}'] }]
      })
    )
    const runner = new MaskingRunner()
    const forms = formsOf('r0tating|t*ken_')
    const env = { GITHUB_WORKSPACE: dir, API_TOKEN: 'r0tating|t*ken_' }
    const rendered = await renderDefinitionFile(
      'td.json',
      'task definition',
      { values: {}, builtins: {}, runner },
      env
    )
    expect(rendered.displayText).toContain('--token={{ env.API_TOKEN }}')
    expect(runner.secrets).toContain('r0tating|t*ken_')
    expect(runner.secrets).toContain(Buffer.from('r0tating|t*ken_').toString('base64'))
    expectHidden(escapeMarkdown(rendered.text), forms)
    expectHidden(escapeForLog(rendered.text), forms)
  })

  it('a value shorter than the runner masks is not a known secret: "1" is not blanked everywhere', () => {
    maskSecret('abc', new MaskingRunner())
    expect(escapeForLog('abc 1')).toBe('abc 1')
  })
})
