/** One thing wrong in a definition file: where (a JSON path) and what. */
export interface DefinitionProblem {
  path: string
  problem: string
}
