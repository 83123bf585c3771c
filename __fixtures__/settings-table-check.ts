import { parse } from 'yaml'
import { SETTING_ROWS } from '../src/settings/table.js'

// Checks action.yml and the README's inputs table against the settings table: every input of
// the table is in both, with the same description and default, and neither has another input.
// Each disagreement is one line naming the input and the file.

const TABLE = 'the settings table (src/settings/table.ts)'

interface ActionInput {
  description?: string
  default?: string
}

export function actionYmlDisagreements(text: string, file = 'action.yml'): string[] {
  const parsed = parse(text) as { inputs?: Record<string, ActionInput> }
  const inputs = parsed.inputs ?? {}
  const problems: string[] = []
  const rows = SETTING_ROWS.filter(row => row.input)
  for (const row of rows) {
    const input = inputs[row.name]
    if (!input) {
      problems.push(`${file}: input "${row.name}" of ${TABLE} is missing`)
      continue
    }
    if (input.description !== row.description)
      problems.push(
        `${file}: input "${row.name}" has description ${JSON.stringify(input.description)}, ${TABLE} says ${JSON.stringify(row.description)}`
      )
    if (input.default !== row.default)
      problems.push(
        `${file}: input "${row.name}" has default ${shown(input.default)}, ${TABLE} says ${shown(row.default)}`
      )
  }
  for (const name of Object.keys(inputs))
    if (!rows.some(row => row.name === name))
      problems.push(`${file}: input "${name}" is not in ${TABLE}`)
  const order = Object.keys(inputs).filter(name => rows.some(row => row.name === name))
  if (problems.length === 0 && order.join() !== rows.map(row => row.name).join())
    problems.push(`${file}: the inputs are not in the order of ${TABLE}`)
  return problems
}

/**
 * The README's `## Inputs` table: `| name | default | description |`. The README may mark up
 * names and values with backticks and end a description with a "See [...](#...)." link.
 */
export function readmeDisagreements(text: string, file = 'README.md'): string[] {
  const start = text.indexOf('\n## Inputs\n')
  if (start === -1) return [`${file}: has no "## Inputs" section`]
  const section = text.slice(start + 1).split(/\n## /)[0]!
  const rows = new Map<string, { default: string; description: string }>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map(cell => cell.trim())
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1]
    if (name) rows.set(name, { default: plain(cells[2] ?? ''), description: plain(cells[3] ?? '') })
  }
  const problems: string[] = []
  const inputs = SETTING_ROWS.filter(row => row.input)
  for (const row of inputs) {
    const shownRow = rows.get(row.name)
    if (!shownRow) {
      problems.push(`${file}: input "${row.name}" of ${TABLE} is missing from the Inputs table`)
      continue
    }
    const description = shownRow.description.replace(/ See \[[^\]]*\]\(#[^)]*\)\.$/, '')
    if (description !== row.description)
      problems.push(
        `${file}: input "${row.name}" has description ${JSON.stringify(description)}, ${TABLE} says ${JSON.stringify(row.description)}`
      )
    if (shownRow.default !== (row.default ?? ''))
      problems.push(
        `${file}: input "${row.name}" has default ${shown(shownRow.default)}, ${TABLE} says ${shown(row.default)}`
      )
  }
  for (const name of rows.keys())
    if (!inputs.some(row => row.name === name))
      problems.push(`${file}: input "${name}" is not in ${TABLE}`)
  return problems
}

function plain(cell: string): string {
  return cell.replace(/`/g, '')
}

function shown(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}
