import type { TaskDefinition } from '../aws/ecs-api.js'
import type { Target } from '../settings/types.js'
import {
  renderTemplate,
  templateInputError,
  type Builtin,
  type BuiltinName
} from '../template/index.js'
import { maskSecret, type MaskRunner } from '../util/masking.js'
import { readUserFile } from '../util/user-file.js'
import { parseTaskDefinitionText } from './load.js'
import { loadServiceDefinition } from './service-definition.js'
import { asTaskDefinition } from './task-definition.js'

/** What a definition template's `{{ NAME }}` placeholders resolve from. */
export interface TemplateScope {
  /** The environment's `values:`. */
  values: Readonly<Record<string, string>>
  builtins: Readonly<Partial<Record<BuiltinName, Builtin>>>
  /** Masks the runner variables a template reads: they are secrets to every log and summary. */
  runner: MaskRunner
  /** Renders names this run cannot know as this text (a preview without AWS credentials). */
  unknownAs?: string
}

export interface RenderedText {
  /** The text the strict loader parses: the file itself when it holds no placeholder. */
  text: string
  /** For logs and diffs: runner variables shown as `{{ env.NAME }}`, never by value. */
  displayText: string
  templated: boolean
  /** Fields that take a number or boolean but hold the unknownAs marker (JSON paths). */
  unknownTyped: string[]
}

/**
 * A definition file's text with its placeholders rendered, before any JSON parsing: every
 * unknown placeholder of the file is one InputError with its line and column.
 */
export async function renderDefinitionFile(
  path: string,
  what: string,
  scope: TemplateScope,
  env: NodeJS.ProcessEnv
): Promise<RenderedText> {
  const raw = readUserFile(path, what, env)
  if (!raw.includes('{{'))
    return { text: raw, displayText: raw, templated: false, unknownTyped: [] }
  const result = await renderTemplate(raw, {
    file: path,
    values: scope.values,
    builtins: scope.builtins,
    env,
    ...(scope.unknownAs !== undefined ? { unknownAs: scope.unknownAs } : {})
  })
  if (!result.ok) throw templateInputError(path, result.problems)
  // Before the rendered text is parsed: a loader's error may quote it.
  for (const name of result.fromEnv) maskSecret(env[name], scope.runner)
  return {
    text: result.text,
    displayText: result.displayText,
    templated: true,
    unknownTyped: result.unknownTyped
  }
}

/** readTaskDefinitionFile for a template: rendered, then the strict loader's checks. */
export async function readTemplatedTaskDefinition(
  path: string,
  scope: TemplateScope,
  env: NodeJS.ProcessEnv
): Promise<{
  definition: TaskDefinition
  display: TaskDefinition
  notes: string[]
  /** Where the definition sits in the file (`["taskDefinition"]`), for JSON paths. */
  at: string[]
}> {
  const rendered = await renderDefinitionFile(path, 'task definition', scope, env)
  const where = `task definition file ${path}`
  const loaded = parseTaskDefinitionText(rendered.text, path)
  const definition = asTaskDefinition(loaded.definition, where)
  const display =
    rendered.displayText === rendered.text
      ? definition
      : asTaskDefinition(JSON.parse(rendered.displayText), where)
  return { definition, display, notes: loaded.notes, at: loaded.at ?? [] }
}

/** loadServiceDefinition for a template: rendered, then the strict loader's checks. */
export async function readTemplatedServiceDefinition(
  target: Target,
  scope: TemplateScope,
  env: NodeJS.ProcessEnv
): Promise<Record<string, unknown>> {
  if (!target.serviceDefinition) return loadServiceDefinition(target, env)
  const rendered = await renderDefinitionFile(
    target.serviceDefinition,
    'service definition',
    scope,
    env
  )
  return loadServiceDefinition(target, env, rendered.text)
}
