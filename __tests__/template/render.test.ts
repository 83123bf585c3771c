import { describe, expect, it, jest } from '@jest/globals'
import {
  LISTED_PROBLEMS,
  renderTemplate,
  templateInputError,
  type RenderOptions
} from '../../src/template/render.js'
import { InputError } from '../../src/util/errors.js'

const FILE = 'deploy/task-definition.json'

function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return {
    file: FILE,
    values: { CPU: '256', MEMORY: '512', PORT: '8080', ESSENTIAL: 'true', COUNT: '3' },
    builtins: {
      ECS_FLOW_ENVIRONMENT: 'staging',
      ECS_FLOW_SERVICE: 'web',
      ECS_FLOW_SHA: 'abc123',
      ECS_FLOW_IMAGE: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:abc123',
      AWS_REGION: 'us-east-1',
      AWS_ACCOUNT_ID: undefined
    },
    env: { HOME: '/home/runner', DB_PASSWORD: 'hunter2', EMPTY: '' },
    ...overrides
  }
}

async function rendered(template: unknown, overrides?: Partial<RenderOptions>) {
  const text = typeof template === 'string' ? template : JSON.stringify(template, null, 2)
  const result = await renderTemplate(text, options(overrides))
  if (!result.ok) throw new Error(result.problems.map(p => p.message).join('\n'))
  return result
}

async function problems(text: string, overrides?: Partial<RenderOptions>) {
  const result = await renderTemplate(text, options(overrides))
  if (result.ok) throw new Error(`expected problems, rendered ${result.text}`)
  return result.problems
}

describe('renderTemplate: values and types', () => {
  it.each([
    // [description, template, rendered, values laid over the defaults]
    [
      'container cpu and memory become numbers',
      { containerDefinitions: [{ cpu: '{{ CPU }}', memory: '{{MEMORY}}' }] },
      { containerDefinitions: [{ cpu: 256, memory: 512 }] }
    ],
    [
      'task-level cpu and memory stay strings',
      { cpu: '{{ CPU }}', memory: '{{ MEMORY }}' },
      { cpu: '256', memory: '512' }
    ],
    [
      'ports become numbers, environment values stay strings',
      {
        containerDefinitions: [
          {
            portMappings: [{ containerPort: '{{ PORT }}', hostPort: '{{ PORT }}' }],
            environment: [{ name: 'PORT', value: '{{ PORT }}' }]
          }
        ]
      },
      {
        containerDefinitions: [
          {
            portMappings: [{ containerPort: 8080, hostPort: 8080 }],
            environment: [{ name: 'PORT', value: '8080' }]
          }
        ]
      }
    ],
    [
      'booleans become booleans',
      {
        containerDefinitions: [
          { essential: '{{ ESSENTIAL }}', readonlyRootFilesystem: '{{ RO:-false }}' }
        ]
      },
      { containerDefinitions: [{ essential: true, readonlyRootFilesystem: false }] }
    ],
    [
      'service fields, and a file wrapped as the AWS CLI prints it',
      { service: { desiredCount: '{{ COUNT }}', enableExecuteCommand: '{{ EXEC:-true }}' } },
      { service: { desiredCount: 3, enableExecuteCommand: true } }
    ],
    [
      'only a string that is exactly one placeholder is typed',
      { containerDefinitions: [{ cpu: '{{ CPU }}0', memory: ' {{ MEMORY }}' }] },
      { containerDefinitions: [{ cpu: '2560', memory: ' 512' }] }
    ],
    [
      'placeholders inside text',
      {
        family: '{{ ECS_FLOW_SERVICE }}-{{ ECS_FLOW_ENVIRONMENT }}',
        image: '{{ ECS_FLOW_IMAGE }}'
      },
      { family: 'web-staging', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:abc123' }
    ],
    [
      'a value overrides a built-in of the same name',
      { region: '{{ AWS_REGION }}' },
      { region: 'eu-west-1' },
      { AWS_REGION: 'eu-west-1' }
    ],
    ['runner variables only as env.NAME', { home: '{{ env.HOME }}' }, { home: '/home/runner' }],
    [
      'defaults when unset or empty; a set value wins',
      {
        a: '{{ UNSET:-x }}',
        b: '{{ EMPTY:-y }}',
        c: '{{ env.EMPTY:-z }}',
        d: '{{ CPU:-1 }}',
        e: '{{ env.NOPE:- }}'
      },
      { a: 'x', b: 'y', c: 'z', d: '256', e: '' },
      { EMPTY: '' }
    ],
    [
      'a typed default',
      {
        containerDefinitions: [
          { healthCheck: { retries: '{{ RETRIES:-3 }}', interval: '{{ I:-30 }}' } }
        ]
      },
      { containerDefinitions: [{ healthCheck: { retries: 3, interval: 30 } }] }
    ],
    [
      'shell and awslogs syntax passes through untouched',
      {
        containerDefinitions: [
          {
            command: ['sh', '-c', 'exec app --port ${PORT} --home $HOME }}'],
            logConfiguration: {
              options: { 'awslogs-stream-prefix': '${SERVICE}', tag: '\\{{.Name}}' }
            }
          }
        ]
      },
      {
        containerDefinitions: [
          {
            command: ['sh', '-c', 'exec app --port ${PORT} --home $HOME }}'],
            logConfiguration: {
              options: { 'awslogs-stream-prefix': '${SERVICE}', tag: '{{.Name}}' }
            }
          }
        ]
      }
    ],
    [
      'an escaped placeholder is literal',
      { a: '\\{{ CPU }} is {{ CPU }}' },
      { a: '{{ CPU }} is 256' }
    ],
    [
      'keys are rendered as text',
      { tags: { '{{ ECS_FLOW_SERVICE }}-team': '{{ CPU }}' } },
      { tags: { 'web-team': '256' } }
    ],
    [
      'numbers, booleans and nulls already typed are kept',
      { desiredCount: 2, essential: null, x: [1.5, false] },
      { desiredCount: 2, essential: null, x: [1.5, false] }
    ]
    // A rest parameter: jest would take a fourth named parameter for a done callback.
  ])('%s', async (...row: unknown[]) => {
    const [, template, expected, values] = row as [
      string,
      unknown,
      unknown,
      Record<string, string>?
    ]
    const result = await rendered(
      template,
      values ? { values: { ...options().values, ...values } } : undefined
    )
    expect(result.value).toEqual(expected)
    expect(JSON.parse(result.text)).toEqual(expected)
  })

  it('keeps the JSON valid whatever a value holds', async () => {
    const value = 'say "hi"\\ back\nline two\t\u0001 {{ not a placeholder }} ::warning::'
    const result = await rendered({ a: '{{ V }}', b: 'pre {{ V }} post' }, { values: { V: value } })
    expect(JSON.parse(result.text)).toEqual({ a: value, b: `pre ${value} post` })
  })

  it('does not render a value twice: a value holding {{ X }} is text', async () => {
    const result = await rendered({ a: '{{ V }}' }, { values: { V: '{{ CPU }}' } })
    expect(result.value).toEqual({ a: '{{ CPU }}' })
  })

  it('keeps a __proto__ key as a key, as JSON.parse does', async () => {
    const result = await rendered('{"__proto__": {"polluted": "{{ CPU }}"}}')
    expect(Object.keys(result.value as object)).toEqual(['__proto__'])
    expect(JSON.parse(result.text)).toEqual(JSON.parse('{"__proto__": {"polluted": "256"}}'))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads placeholders through JSON escapes', async () => {
    // \u007b\u007b is {{ written with escapes: it is a placeholder once decoded.
    const result = await rendered('{"a": "\\u007b\\u007b CPU }}", "b": "x\\\\{{ CPU }}"}')
    expect(result.value).toEqual({ a: '256', b: 'x{{ CPU }}' })
  })
})

describe('renderTemplate: what it reports', () => {
  it('lists names used, runner variables by name, and defaults', async () => {
    const result = await rendered({
      a: '{{ CPU }} {{ CPU }}',
      b: '{{ env.DB_PASSWORD }}',
      c: '{{ UNSET:-1 }}',
      d: '{{ env.NOPE:-2 }}'
    })
    expect(result.used).toEqual(['CPU', 'env.DB_PASSWORD', 'UNSET', 'env.NOPE'])
    expect(result.fromEnv).toEqual(['DB_PASSWORD'])
    expect(result.defaulted).toEqual(['UNSET', 'env.NOPE'])
  })

  it('shows runner values by name only in displayText', async () => {
    const result = await rendered(
      {
        containerDefinitions: [
          {
            environment: [{ name: 'DB', value: 'postgres://u:{{ env.DB_PASSWORD }}@db' }],
            cpu: '{{ env.CPU_UNITS }}'
          }
        ]
      },
      { env: { DB_PASSWORD: 'hunter2', CPU_UNITS: '512' } }
    )
    expect(result.text).toContain('postgres://u:hunter2@db')
    expect(result.value).toEqual({
      containerDefinitions: [
        { environment: [{ name: 'DB', value: 'postgres://u:hunter2@db' }], cpu: 512 }
      ]
    })
    expect(result.displayText).not.toContain('hunter2')
    expect(result.displayText).not.toContain('512')
    expect(JSON.parse(result.displayText)).toEqual({
      containerDefinitions: [
        {
          environment: [{ name: 'DB', value: 'postgres://u:{{ env.DB_PASSWORD }}@db' }],
          cpu: '{{ env.CPU_UNITS }}'
        }
      ]
    })
  })
})

describe('renderTemplate: built-ins that cost a call', () => {
  it('loads a built-in only when a placeholder uses it, once', async () => {
    const account = jest.fn(async () => '123456789012')
    const unused = await rendered({ a: '{{ CPU }}' }, { builtins: { AWS_ACCOUNT_ID: account } })
    expect(unused.value).toEqual({ a: '256' })
    expect(account).not.toHaveBeenCalled()

    const used = await rendered(
      { role: 'arn:aws:iam::{{ AWS_ACCOUNT_ID }}:role/x', again: '{{AWS_ACCOUNT_ID}}' },
      { builtins: { AWS_ACCOUNT_ID: account } }
    )
    expect(used.value).toEqual({ role: 'arn:aws:iam::123456789012:role/x', again: '123456789012' })
    expect(account).toHaveBeenCalledTimes(1)
  })

  it('does not load when a value shadows the built-in, or the file has problems', async () => {
    const account = jest.fn(async () => '123456789012')
    await rendered(
      { a: '{{ AWS_ACCOUNT_ID }}' },
      { builtins: { AWS_ACCOUNT_ID: account }, values: { AWS_ACCOUNT_ID: '1' } }
    )
    await problems('{"a": "{{ AWS_ACCOUNT_ID }}", "b": "{{ TYPO }}"}', {
      builtins: { AWS_ACCOUNT_ID: account }
    })
    expect(account).not.toHaveBeenCalled()
  })

  it('passes a loader failure through', async () => {
    const account = jest.fn(async (): Promise<string> => {
      throw new Error('no credentials')
    })
    await expect(
      renderTemplate(
        '{"a": "{{ AWS_ACCOUNT_ID }}"}',
        options({ builtins: { AWS_ACCOUNT_ID: account } })
      )
    ).rejects.toThrow('no credentials')
  })

  it('uses the default of a built-in not known in this run', async () => {
    const result = await rendered({ a: '{{ AWS_ACCOUNT_ID:-000000000000 }}' })
    expect(result.value).toEqual({ a: '000000000000' })
  })
})

describe('renderTemplate: unknownAs (a preview without AWS credentials)', () => {
  it('renders an unset runner variable and an unknown built-in as the marker, typed fields as text; defaults and set values still apply', async () => {
    const result = await rendered(
      {
        executionRoleArn: 'arn:aws:iam::{{ AWS_ACCOUNT_ID }}:role/exec',
        memory: '{{ env.MEMORY_NOT_SET }}',
        containerDefinitions: [
          { memory: '{{ env.MEMORY_NOT_SET }}', essential: '{{ ESSENTIAL }}' }
        ],
        password: '{{ env.DB_PASSWORD }}',
        level: '{{ env.LEVEL_NOT_SET:-info }}',
        service: '{{ ECS_FLOW_SERVICE }}'
      },
      { unknownAs: '(unknown)' }
    )
    expect(result.value).toEqual({
      executionRoleArn: 'arn:aws:iam::(unknown):role/exec',
      memory: '(unknown)',
      containerDefinitions: [{ memory: '(unknown)', essential: true }],
      password: 'hunter2',
      level: 'info',
      service: 'web'
    })
    expect(JSON.parse(result.displayText)).toMatchObject({ password: '{{ env.DB_PASSWORD }}' })
    expect(result.fromEnv).toEqual(['DB_PASSWORD'])
    // Only the container's memory takes a number: the task's memory is text in ECS.
    expect(result.unknownTyped).toEqual(['containerDefinitions[0].memory'])
  })

  it('without it, the same names are problems', async () => {
    const found = await problems('{"a": "{{ AWS_ACCOUNT_ID }}", "b": "{{ env.MEMORY_NOT_SET }}"}')
    expect(found).toHaveLength(2)
  })
})

describe('renderTemplate: problems, with line and column', () => {
  it('reports every unknown placeholder of the file at once, with the defined names', async () => {
    const text = [
      '{',
      '  "family": "{{ SERVICE }}",',
      '  "containerDefinitions": [',
      '    { "cpu": "{{ CPUS }}", "image": "{{ ECS_FLOW_IMAGE }}:{{ TAG }}" }',
      '  ]',
      '}'
    ].join('\n')
    const found = await problems(text)
    expect(found.map(p => [p.line, p.column, p.problem])).toEqual([
      [2, 14, 'unknown placeholder {{ SERVICE }}'],
      [4, 15, 'unknown placeholder {{ CPUS }}'],
      [4, 59, 'unknown placeholder {{ TAG }}']
    ])
    expect(found[0]!.fix).toBe(
      "Defined names: AWS_REGION, COUNT, CPU, ECS_FLOW_ENVIRONMENT, ECS_FLOW_IMAGE, ECS_FLOW_SERVICE, ECS_FLOW_SHA, ESSENTIAL, MEMORY, PORT. Add SERVICE to the environment's values:, give a default ({{ SERVICE:-value }}), or read a runner variable as {{ env.SERVICE }}"
    )
    expect(found[0]!.message).toMatch(
      /^deploy\/task-definition\.json:2:14: unknown placeholder \{\{ SERVICE \}\}\. Defined names: .+\.$/
    )
    // The columns point at the {{ in the source text.
    const lines = text.split('\n')
    for (const p of found) expect(lines[p.line - 1]!.slice(p.column - 1, p.column + 1)).toBe('{{')
  })

  it('counts columns in the source even after escapes in the same string', async () => {
    const text = '{"a": "\\u00e9\\n\\"{{ NOPE }}"}'
    const [problem] = await problems(text)
    expect([problem!.line, problem!.column]).toEqual([1, 18])
    expect(text.slice(17, 19)).toBe('{{')
  })

  it('does not list runner variables among the defined names', async () => {
    const [problem] = await problems('{"a": "{{ HOME }}"}')
    expect(problem!.fix).not.toContain('/home/runner')
    expect(problem!.fix).toContain('{{ env.HOME }}')
  })

  it.each([
    [
      'an unset runner variable',
      '{"a": "{{ env.MISSING }}"}',
      [1, 8],
      'runner variable MISSING of {{ env.MISSING }} is not set',
      "Set MISSING in the job's environment, or give a default: {{ env.MISSING:-value }}"
    ],
    [
      'a malformed placeholder',
      '{\n  "tag": "x {{.Name}}"\n}',
      [2, 13],
      'malformed placeholder "{{.Name}}"',
      'Write {{ NAME }}, {{ NAME:-default }} or {{ env.NAME }}; for a literal {{ write \\\\{{ in the JSON file'
    ],
    [
      'a number field given text',
      '{"containerDefinitions": [{"name": "web"}, {"memory": "{{ M }}"}]}',
      [1, 56],
      'containerDefinitions[1].memory takes a number, but {{ M }} renders "512MB"',
      'Give digits only, such as 256.'
    ],
    [
      'a boolean field given text',
      '{"enableExecuteCommand": "{{ E:-yes }}"}',
      [1, 27],
      'enableExecuteCommand takes a boolean, but {{ E:-yes }} renders "yes"',
      'Give true or false.'
    ],
    [
      'a runner value in a typed field is not shown',
      '{"desiredCount": "{{ env.DB_PASSWORD }}"}',
      [1, 19],
      'desiredCount takes a number, but {{ env.DB_PASSWORD }} renders a value (not shown, it comes from the runner)',
      'Give digits only, such as 256.'
    ],
    [
      'keys that render the same',
      '{"tags": {"web": "1", "{{ ECS_FLOW_SERVICE }}": "2"}}',
      [1, 23],
      'key "web" appears twice in the same object',
      'Keep one of them (a key written with a placeholder counts as the key it renders to).'
    ],
    [
      'bad JSON',
      '{\n  "cpu": "256",\n}',
      [3, 1],
      'is not valid JSON (unexpected "}", expected a key in double quotes)',
      'Fix the JSON syntax.'
    ]
  ])('%s', async (_name, text, [line, column], problem, fix) => {
    const found = await problems(text, { values: { M: '512MB' } })
    expect(found).toEqual([
      {
        file: FILE,
        line,
        column,
        problem,
        fix,
        message: `${FILE}:${line}:${column}: ${problem}. ${fix.endsWith('.') ? fix : `${fix}.`}`
      }
    ])
    expect(found[0]!.message).not.toContain('hunter2')
  })

  it('escapes workflow commands and newlines of the file in messages', async () => {
    const [problem] = await problems('{"a": "{{ ::set-output x }}"}', { file: 'evil::x\n.json' })
    expect(problem!.message).not.toContain('::')
    expect(problem!.message).not.toContain('\n')
  })
})

describe('templateInputError', () => {
  it('is one InputError naming the file, a line per problem', async () => {
    const found = await problems('{\n  "a": "{{ X }}",\n  "b": "{{ env.Y }}"\n}')
    const error = templateInputError(FILE, found)
    expect(error).toBeInstanceOf(InputError)
    expect(error.where).toBe(`definition template ${FILE}`)
    const lines = error.message.split('\n')
    expect(lines[0]).toBe(`definition template ${FILE}: has 2 problems:`)
    expect(lines[1]).toMatch(
      /^ {2}line 2, column 9: unknown placeholder \{\{ X \}\} \(Defined names: .+\)$/
    )
    expect(lines[2]).toBe(
      "  line 3, column 9: runner variable Y of {{ env.Y }} is not set (Set Y in the job's environment, or give a default: {{ env.Y:-value }}). Fix the placeholders listed above, then run again"
    )
  })

  it(`lists ${LISTED_PROBLEMS} problems and counts the rest`, async () => {
    const names = Array.from({ length: LISTED_PROBLEMS + 7 }, (_, i) => `{{ N${i} }}`)
    const found = await problems(JSON.stringify({ a: names }, null, 2))
    expect(found).toHaveLength(LISTED_PROBLEMS + 7)
    const lines = templateInputError(FILE, found).message.split('\n')
    expect(lines[0]).toBe(`definition template ${FILE}: has ${LISTED_PROBLEMS + 7} problems:`)
    expect(lines).toHaveLength(LISTED_PROBLEMS + 2)
    expect(lines[LISTED_PROBLEMS]).toMatch(
      /^ {2}line 52, column 6: unknown placeholder \{\{ N49 \}\}/
    )
    expect(lines[LISTED_PROBLEMS + 1]).toBe(
      '  … and 7 more. Fix the placeholders listed above, then run again'
    )
  })

  it('says "a problem" for one', async () => {
    const error = templateInputError(FILE, await problems('{"a": "{{ X }}"}'))
    expect(error.message.split('\n')[0]).toBe(`definition template ${FILE}: has a problem:`)
  })
})

describe('a template a backtracking scanner would never finish', () => {
  // 1e6 characters: a scanner quadratic in them would take minutes, past jest's timeout; the
  // step count that proves the bound is in placeholders.test.ts.
  it('an unclosed {{ A:- followed by a million spaces is one malformed placeholder', async () => {
    const text = JSON.stringify({ family: `{{ A:-${' '.repeat(1_000_000)}` })
    const found = await problems(text)
    expect(found).toHaveLength(1)
    expect(found[0]!.problem).toMatch(/^malformed placeholder "{{ A:-/)
  })
})
