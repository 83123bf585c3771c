import { rememberSecrets } from './known-secrets.js'
import type { RunnerHooks } from './runner-hooks.js'

export { redact } from './known-secrets.js'

/**
 * The runner masks a registered value wherever it appears in the log: a secret leaks through
 * the forms it takes on the way (percent-encoded in a URL, base64 in a header or a docker
 * config). Values shorter than this are never registered: masking `1` would blank every "1"
 * in the log; such values are redacted where they are echoed instead (`redact`).
 */
export const MIN_MASK_LENGTH = 4

export type MaskRunner = Pick<RunnerHooks, 'setSecret'>

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Inside a JSON string (an output, a printed request): quotes, backslashes, controls escaped. */
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1)

/**
 * Every form `secret` may be printed in: raw, each of its lines (the runner masks line by
 * line), percent-encoded, percent-decoded, base64, JSON-escaped; with `user`, also the base64
 * of `user:secret` and the `Basic <base64>` header value. Deduplicated, none shorter than
 * MIN_MASK_LENGTH.
 */
export function secretForms(secret: string, options: { user?: string } = {}): string[] {
  const forms = [secret, ...secret.split(/\r?\n/)]
  for (const form of [secret, percentDecoded(secret)]) {
    forms.push(form, encodeURIComponent(form), base64(form), jsonEscaped(form))
  }
  if (options.user !== undefined) {
    const credentials = base64(`${percentDecoded(options.user)}:${percentDecoded(secret)}`)
    forms.push(credentials, `Basic ${credentials}`)
  }
  return [...new Set(forms.map(form => form.trim()))].filter(form => form.length >= MIN_MASK_LENGTH)
}

/**
 * Registers every form of a secret with the runner (`add-mask`), before it is used: the
 * GitHub token, the ECR password (`user` AWS: its docker auth is base64 of `AWS:password`).
 * The forms are also removed from every text before it is escaped (known-secrets.ts).
 * Returns the forms registered.
 */
export function maskSecret(
  value: string | undefined,
  runner: MaskRunner,
  options: { user?: string } = {}
): string[] {
  if (!value) return []
  const forms = secretForms(value, options)
  hide(forms, runner)
  return forms
}

/**
 * Masks the credentials a URL carries (`https://user:password@host/`): the password in all its
 * forms, the user too (it often is a token), and the `Basic` header value sent for them.
 * Call before the first request. Returns the forms registered.
 */
export function maskUrlCredentials(url: string, runner: MaskRunner): string[] {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return []
  }
  const { username, password } = parsed
  if (username === '' && password === '') return []
  const forms = [
    ...new Set([...secretForms(username), ...secretForms(password, { user: username })])
  ]
  hide(forms, runner)
  return forms
}

function hide(forms: readonly string[], runner: MaskRunner): void {
  rememberSecrets(forms)
  for (const form of forms) runner.setSecret(form)
}
