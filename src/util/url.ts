/**
 * The URL without its `user:password@` part, for anything shown or stored (logs, messages,
 * the environment URL, ECS_FLOW_SERVICE_URL). A URL without credentials comes back as given,
 * unnormalised; one that does not parse comes back as given too (it has nothing to strip).
 */
export function withoutCredentials(url: string): string {
  const parsed = parseUrl(url)
  if (!parsed || (parsed.username === '' && parsed.password === '')) return url
  parsed.username = ''
  parsed.password = ''
  return parsed.href
}

/**
 * The URL with any `user:password@` replaced by `***@`, for an error about a URL that may not
 * even parse: such a URL is never echoed with its credentials.
 */
export function redactedUrl(url: string): string {
  const stripped = withoutCredentials(url)
  return stripped === url ? url.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1***@') : stripped
}

/**
 * What to request for a URL that may carry `user:password@`: fetch refuses such a URL, so the
 * credentials move to an `Authorization: Basic` header, as curl and browsers send them.
 */
export function basicAuthRequest(url: string): { url: string; authorization?: string } {
  const parsed = parseUrl(url)
  if (!parsed || (parsed.username === '' && parsed.password === '')) return { url }
  const credentials = `${decoded(parsed.username)}:${decoded(parsed.password)}`
  return {
    url: withoutCredentials(url),
    authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
  }
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** The URL parser keeps userinfo percent-encoded; a malformed escape is sent as written. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
