export {
  BUILTIN_NAMES,
  LISTED_PROBLEMS,
  renderTemplate,
  templateInputError,
  type Builtin,
  type BuiltinName,
  type RenderOptions,
  type RenderResult,
  type TemplateProblem
} from './render.js'
export { fieldTypeAt, type FieldType } from './field-types.js'
