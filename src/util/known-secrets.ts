/**
 * Every form of every secret this run has learnt (the GitHub token, the ECR password,
 * verify-url credentials, build-arg values, runner variables a definition template reads).
 * Each escaper removes them before it escapes (escape.ts), so no escaped or cut form of a
 * secret (`p\@ss` in Markdown, half a token at a length limit) can slip past the runner's
 * mask. Process-wide on purpose: outside text is escaped in hundreds of places, and a secret
 * learnt in any of them must be hidden in all.
 */
const known = new Set<string>()

/** Adds secret forms (as masking.ts computes them) to those removed from every text. */
export function rememberSecrets(forms: Iterable<string>): void {
  for (const form of forms) if (form !== '') known.add(form)
}

/** The text with every known secret form replaced by `***`. */
export function redactKnownSecrets(text: string): string {
  return known.size === 0 ? text : redact(text, known)
}

/** Forgets every secret: for tests, which run many releases in one process. */
export function forgetKnownSecrets(): void {
  known.clear()
}

/** The text with every occurrence of each secret, however short, replaced by `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  // Longest first: a secret that contains another is replaced whole.
  const ordered = [...new Set(secrets)]
    .filter(secret => secret !== '')
    .sort((a, b) => b.length - a.length)
  return ordered.reduce((redacted, secret) => redacted.split(secret).join('***'), text)
}
