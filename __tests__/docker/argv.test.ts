import { describe, expect, it } from '@jest/globals'
import {
  buildArgv,
  buildxInspectArgv,
  buildxVersionArgv,
  loginArgv,
  logoutArgv,
  pushArgv,
  registryCacheExport,
  repoDigestsArgv,
  type BuildOptions
} from '../../src/docker/argv.js'

const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'
const SHA = '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c'

const base: BuildOptions = {
  builder: 'classic',
  context: '.',
  references: [`${REPO}:${SHA}`],
  labels: {},
  buildArgs: {}
}

describe('buildArgv', () => {
  const cases: [string, Partial<BuildOptions>, string[]][] = [
    ['classic, minimal', {}, ['build', '--tag', `${REPO}:${SHA}`, '.']],
    [
      'classic, every option',
      {
        context: 'app',
        dockerfile: 'app/Dockerfile.prod',
        references: [`${REPO}:${SHA}`, `${REPO}:latest`],
        labels: {
          'org.opencontainers.image.revision': SHA,
          'org.opencontainers.image.source': 'https://github.com/acme/web'
        },
        buildArgs: { NODE_ENV: 'production', GREETING: 'hello world; rm -rf /' },
        target: 'runtime',
        platform: 'linux/arm64'
      },
      [
        'build',
        '--file',
        'app/Dockerfile.prod',
        '--tag',
        `${REPO}:${SHA}`,
        '--tag',
        `${REPO}:latest`,
        '--label',
        `org.opencontainers.image.revision=${SHA}`,
        '--label',
        'org.opencontainers.image.source=https://github.com/acme/web',
        '--build-arg',
        'NODE_ENV=production',
        '--build-arg',
        'GREETING=hello world; rm -rf /',
        '--target',
        'runtime',
        '--platform',
        'linux/arm64',
        'app'
      ]
    ],
    [
      'classic ignores buildx-only options',
      { cache: { from: `${REPO}:cache`, to: `${REPO}:cache` }, output: 'push' },
      ['build', '--tag', `${REPO}:${SHA}`, '.']
    ],
    [
      'buildx without cache loads by default',
      { builder: 'buildx' },
      ['buildx', 'build', '--tag', `${REPO}:${SHA}`, '--load', '.']
    ],
    [
      'buildx with a read-write registry cache',
      { builder: 'buildx', cache: { from: `${REPO}:cache`, to: `${REPO}:cache` }, output: 'load' },
      [
        'buildx',
        'build',
        '--tag',
        `${REPO}:${SHA}`,
        '--cache-from',
        `type=registry,ref=${REPO}:cache`,
        '--cache-to',
        `type=registry,ref=${REPO}:cache,mode=max,image-manifest=true,oci-mediatypes=true`,
        '--load',
        '.'
      ]
    ],
    [
      'buildx, read-only cache, multi-platform push',
      {
        builder: 'buildx',
        cache: { from: `${REPO}:cache` },
        platform: 'linux/amd64,linux/arm64',
        output: 'push'
      },
      [
        'buildx',
        'build',
        '--tag',
        `${REPO}:${SHA}`,
        '--platform',
        'linux/amd64,linux/arm64',
        '--cache-from',
        `type=registry,ref=${REPO}:cache`,
        '--push',
        '.'
      ]
    ],
    [
      'a context that looks like an option',
      { context: '-weird' },
      ['build', '--tag', `${REPO}:${SHA}`, './-weird']
    ],
    [
      'empty dockerfile and target are left out',
      { dockerfile: '', target: '', platform: '' },
      ['build', '--tag', `${REPO}:${SHA}`, '.']
    ]
  ]
  it.each(cases)('%s', (_name, options, expected) => {
    expect(buildArgv({ ...base, ...options })).toEqual(expected)
  })

  it('keeps every value a single argument (no shell ever splits them)', () => {
    const argv = buildArgv({
      ...base,
      buildArgs: { A: '$(id) `x` "y" *' },
      labels: { note: 'a b\nc' }
    })
    expect(argv).toContain('A=$(id) `x` "y" *')
    expect(argv).toContain('note=a b\nc')
  })
})

describe('other commands', () => {
  const cases: [string, string[], string[]][] = [
    [
      'login',
      loginArgv('123456789012.dkr.ecr.us-east-1.amazonaws.com', 'AWS'),
      [
        'login',
        '--username',
        'AWS',
        '--password-stdin',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com'
      ]
    ],
    ['logout', logoutArgv('r.example'), ['logout', 'r.example']],
    ['push', pushArgv(`${REPO}:${SHA}`), ['push', `${REPO}:${SHA}`]],
    [
      'repo digests',
      repoDigestsArgv(`${REPO}:${SHA}`),
      ['image', 'inspect', '--format', '{{json .RepoDigests}}', `${REPO}:${SHA}`]
    ],
    ['buildx version', buildxVersionArgv(), ['buildx', 'version']],
    ['buildx inspect', buildxInspectArgv(), ['buildx', 'inspect']]
  ]
  it.each(cases)('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected)
  })

  it('login never carries a password in argv', () => {
    expect(loginArgv('r', 'AWS').join(' ')).not.toMatch(/--password(?!-stdin)|-p\b/)
  })

  it('registry cache export uses the format ECR accepts', () => {
    expect(registryCacheExport('r/web:cache')).toBe(
      'type=registry,ref=r/web:cache,mode=max,image-manifest=true,oci-mediatypes=true'
    )
  })
})
