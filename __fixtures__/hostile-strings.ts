// Text an attacker controls and ecs-flow prints: a branch name, a commit message, an ECS event
// relayed from a container, a response body. Each entry names the trick it plays.

const LONG = 'x'.repeat(100_000)

export const HOSTILE_STRINGS: Readonly<Record<string, string>> = {
  'workflow command': '::set-output name=result::deployed',
  'add-mask': '::add-mask::the-log',
  'stop-commands': '::stop-commands::resume-token',
  'indented command': '   ::error title=fake::indented',
  'tab-indented command': '\t::warning::tab',
  'unicode-space-indented command': '\u00a0\u3000::error::wide spaces',
  'legacy command': '##[set-output name=result;]deployed',
  'legacy command mid-line': 'all good ##[error]mid-line',
  'lone CR': 'ok\r::set-output name=result::deployed',
  CRLF: 'ok\r\n::error::crlf',
  'lone LF': 'ok\n::error::lf',
  'LF then indent': 'ok\n    ::add-mask::x',
  'vertical tab and form feed': 'a\u000b::error::vt\u000c::error::ff',
  NEL: 'ok\u0085::error::nel',
  'line separator': 'ok\u2028::error::ls',
  'paragraph separator': 'ok\u2029::error::ps',
  'percent-encoded newline': '::error::%0A::set-output name=result::deployed',
  'percent-encoded newline mid-line': 'a%0A::add-mask::b%0D%0A::error::c',
  'ANSI colour': '\u001b[31mred\u001b[0m and \u001b[1;32mgreen\u001b[m',
  'ANSI cursor': '\u001b[2J\u001b[H\u001b[1A\u001b[2Kcleared',
  'OSC hyperlink': '\u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007',
  'one-byte CSI': '\u009b31mred',
  NUL: 'nul\u0000byte',
  BEL: 'bell\u0007',
  DEL: 'del\u007f',
  'bidi override': 'txt.\u202egpj',
  'HTML image': '<img src=x onerror=alert(1)>',
  'HTML script': '<script>alert(document.cookie)</script>',
  'HTML comment': '<!-- the rest of the summary vanishes',
  'closing table tags': '</td></tr></table><b>out</b>',
  entity: '&lt;script&gt;alert(1)&lt;/script&gt;',
  'backtick fence': '```\n::error::inside\n```',
  'tilde fence': '~~~\nfenced\n~~~',
  'long fence': '``````',
  'backtick run': 'a ` b `` c ``` d',
  pipes: '| a | b | c |',
  image: '![x](https://evil.example/x.png)',
  'javascript link': '[click](javascript:alert(1))',
  'reference link': '[x][1]\n\n[1]: https://evil.example',
  autolink: '<https://evil.example>',
  'bare URL': 'see https://evil.example/login now',
  'www link': 'www.evil.example',
  'email link': 'ops@evil.example',
  heading: '# Deployed to production',
  'setext heading': 'title\n===',
  'list and quote': '- item\n> quote\n1. one',
  emphasis: '**bold** _em_ ~~strike~~ `code`',
  math: '$\\sqrt{x}$ and $$x$$',
  'trailing backslash': 'ends with a backslash\\',
  'very long': `${LONG}\n::error::after a long line`,
  'very long unicode': `${'😀'.repeat(30_000)}::error::emoji`
}

export const HOSTILE_LIST = Object.entries(HOSTILE_STRINGS)

/**
 * The lines of `text` the runner would execute as workflow commands, by its own rules: per
 * line (it splits on LF, CR and CRLF; we split on every Unicode line break too, to be strict),
 * leading whitespace trimmed, a line that starts with `::`; and any line containing `##[`.
 */
export function runnerCommandLines(text: string): string[] {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the runner's line breaks are the point
      .split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/)
      .filter(line => line.replace(/^[\s\u0085]+/, '').startsWith('::') || line.includes('##['))
  )
}
