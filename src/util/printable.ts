import { redactKnownSecrets } from './known-secrets.js'

// Control characters (C0, DEL, C1), line/paragraph separators, bidi marks and overrides, BOM.
const UNPRINTABLE = new RegExp(
  // eslint-disable-next-line no-control-regex
  '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]',
  'g'
)

/**
 * Text from a user's file or a payload, made safe to print: control and bidi characters are
 * escaped (no line breaks, no terminal sequences, no reordered text), workflow commands (`::`)
 * neutralised, and the result cut to `max` characters so an error never echoes a whole file.
 * Known secrets are redacted first, so no cut or escaped form of one is left.
 */
export function printable(text: string, max = 40): string {
  const redacted = redactKnownSecrets(text)
  const chars = [...redacted]
  const shown = chars.length > max ? `${chars.slice(0, max).join('')}…` : redacted
  return shown.replace(UNPRINTABLE, escapeChar).replace(/::/g, ':\u200b:')
}

function escapeChar(char: string): string {
  switch (char) {
    case '\n':
      return '\\n'
    case '\r':
      return '\\r'
    case '\t':
      return '\\t'
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  }
}

/** `containerDefinitions[0].portMappings`: identifiers after dots, indexes and odd keys in brackets. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let path = ''
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path === '' ? segment : `.${segment}`
    else path += `[${printable(JSON.stringify(segment), 60)}]`
  }
  return path === '' ? '(top level)' : path
}
