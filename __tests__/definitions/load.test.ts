import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  loadServiceDefinitionFile,
  loadTaskDefinitionFile,
  parseTaskDefinitionText
} from '../../src/definitions/load.js'
import { InputError } from '../../src/util/errors.js'

let workspace: string
let env: NodeJS.ProcessEnv

beforeAll(() => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ecs-flow-load-')))
  env = { GITHUB_WORKSPACE: workspace }
})
afterAll(() => rmSync(workspace, { recursive: true, force: true }))

function write(name: string, content: string | Buffer): string {
  writeFileSync(join(workspace, name), content)
  return name
}

function failure(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('loadTaskDefinitionFile', () => {
  it('reads a BOM-prefixed describe export, keeps its tags and converts task sizes', () => {
    const path = write(
      'described.json',
      '\ufeff' +
        JSON.stringify({
          taskDefinition: {
            family: 'web',
            revision: 4,
            cpu: 256,
            memory: '512',
            containerDefinitions: [{ name: 'web', image: 'nginx' }]
          },
          tags: [{ key: 'team', value: 'payments' }]
        })
    )
    const loaded = loadTaskDefinitionFile(path, env)
    expect(loaded.definition).toEqual({
      family: 'web',
      revision: 4,
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx' }],
      tags: [{ key: 'team', value: 'payments' }]
    })
    expect(loaded.notes).toEqual([
      'task definition file described.json: taskDefinition.cpu: 256 is registered as the text "256" (the API takes task-level cpu as a string)'
    ])
  })

  it('a tag in the definition wins over the same key beside it', () => {
    const { definition } = parseTaskDefinitionText(
      JSON.stringify({
        taskDefinition: {
          family: 'web',
          containerDefinitions: [],
          tags: [{ key: 'a', value: 'inner' }]
        },
        tags: [
          { key: 'a', value: 'outer' },
          { key: 'b', value: 'outer' }
        ]
      }),
      'td.json'
    )
    expect(definition.tags).toEqual([
      { key: 'a', value: 'inner' },
      { key: 'b', value: 'outer' }
    ])
  })

  it('all problems of the file in one error: unknown keys and container sizes', () => {
    const path = write(
      'bad.json',
      JSON.stringify({
        family: 'web',
        excutionRoleArn: 'arn:aws:iam::1:role/x',
        containerDefinitions: [{ name: 'web', image: 'nginx', memory: '512', portMapping: [] }]
      })
    )
    const error = failure(() => loadTaskDefinitionFile(path, env))
    expect(error.where).toBe('task definition file bad.json')
    expect(error.problem).toBe(
      'has 3 problems: excutionRoleArn: is not a key of RegisterTaskDefinitionRequest (did you mean "executionRoleArn"?); ' +
        'containerDefinitions[0].portMapping: is not a key of ContainerDefinition (did you mean "portMappings"?); ' +
        'containerDefinitions[0].memory: is the text "512"; a container\'s memory is a whole number of MiB: write 512 without quotes'
    )
  })

  it('duplicate keys, UTF-16 and non-objects fail before validation', () => {
    const duplicate = write('dup.json', '{\n  "family": "a",\n  "family": "b"\n}')
    expect(failure(() => loadTaskDefinitionFile(duplicate, env)).message).toMatch(
      /^task definition file dup\.json:3:3: is not valid JSON: it gives the key "family" twice/
    )
    const utf16 = write(
      'utf16.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')])
    )
    expect(failure(() => loadTaskDefinitionFile(utf16, env)).problem).toMatch(/is UTF-16/)
    const list = write('list.json', '[{"family": "web"}]')
    expect(failure(() => loadTaskDefinitionFile(list, env)).problem).toBe(
      'holds a list, not a task definition'
    )
  })
})

describe('loadServiceDefinitionFile', () => {
  it('unwraps {"service": {...}} and refuses misspelled keys', () => {
    const good = write(
      'svc.json',
      JSON.stringify({ service: { serviceName: 'web', desiredCount: 1 } })
    )
    expect(loadServiceDefinitionFile(good, env)).toEqual({
      definition: { serviceName: 'web', desiredCount: 1 },
      notes: []
    })
    const bad = write('svc-bad.json', JSON.stringify({ serviceName: 'web', launchtype: 'FARGATE' }))
    expect(failure(() => loadServiceDefinitionFile(bad, env)).problem).toBe(
      'has 1 problem: launchtype: is not a key of CreateServiceRequest (did you mean "launchType"?)'
    )
  })
})
