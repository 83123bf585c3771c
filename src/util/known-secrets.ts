/**
 * Every form of every secret this run has learnt (the GitHub token, the ECR password,
 * verify-url credentials, build-arg values, runner variables a definition template reads).
 * Each escaper removes them before it escapes (escape.ts), so no escaped or cut form of a
 * secret (`p\@ss` in Markdown, half a token at a length limit) can slip past the runner's
 * mask. Process-wide on purpose: outside text is escaped in hundreds of places, and a secret
 * learnt in any of them must be hidden in all.
 */
const known = new Set<string>()
/** `known`, longest first, kept in step: every escaped line is redacted with it. */
let ordered: string[] = []

/** Adds secret forms (as masking.ts computes them) to those removed from every text. */
export function rememberSecrets(forms: Iterable<string>): void {
  const before = known.size
  for (const form of forms) if (form !== '') known.add(form)
  if (known.size !== before) ordered = longestFirst(known)
}

/** The text with every known secret form replaced by `***`. */
export function redactKnownSecrets(text: string): string {
  return ordered.reduce((redacted, secret) => redacted.split(secret).join('***'), text)
}

/** Forgets every secret: for tests, which run many releases in one process. */
export function forgetKnownSecrets(): void {
  known.clear()
  ordered = []
}

/** The text with every occurrence of each secret, however short, replaced by `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  return longestFirst(secrets).reduce(
    (redacted, secret) => redacted.split(secret).join('***'),
    text
  )
}

// Longest first: a secret that contains another is replaced whole.
function longestFirst(secrets: Iterable<string>): string[] {
  return [...new Set(secrets)].filter(secret => secret !== '').sort((a, b) => b.length - a.length)
}
