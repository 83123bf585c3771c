// The house's floors, lowest first: a module may import from its own floor or a lower one,
// never from a higher one, and no import cycle is allowed (`npm run lint` runs this).
// Type-only imports count: shared vocabulary sits on the lowest floor that uses it.
const floors = [
  // 0: clock, errors, escaping, logging, JSON: used by everything, depends on nothing of ours
  { name: 'util', folders: ['util'] },
  // 1: what talks to the outside world or reads the user's files, each on its own
  {
    name: 'adapters and inputs',
    folders: ['aws', 'definitions', 'settings', 'template', 'versions', 'docker', 'ci-env']
  },
  // 2: pure decisions over those: the plan, which revisions to keep, schedules, the URL check;
  // where a rollout's time went and the advice (insight/); and the release's vocabulary (core/:
  // its state, the step context), which names the plan
  { name: 'decisions', folders: ['plan', 'revisions', 'scheduled', 'verify', 'insight', 'core'] },
  // 3: one-off tasks (migrations, checks) and reading a task's last log lines
  { name: 'tasks', folders: ['tasks'] },
  // 4: watching an ECS deployment (rolling, or by lifecycle stage), which names a crashed task's
  // last lines
  { name: 'rollout', folders: ['rollout'] },
  // 5: CodeDeploy's deployments: its verdicts share the rollout's words
  { name: 'codedeploy', folders: ['codedeploy'] },
  // 6: the deployment strategies: the one seam the steps, the recovery and the command line call
  { name: 'strategies', folders: ['strategies'] },
  // 7: one file per step of a release
  { name: 'steps', folders: ['steps'] },
  // 8: the release's orchestration: preflight, the executor, the recovery, dry-run
  { name: 'release', folders: ['release'] },
  // 9: what a release reports (outputs, summary, deployments), from what the release recorded
  { name: 'report', folders: ['report'] },
  // 10: the entry points: the action's main and post steps, the command line
  { name: 'entry points', folders: ['main.ts', 'post.ts', 'index.ts', 'cli'] }
]

const pathOf = folders =>
  `^src/(${folders.map(folder => folder.replace('.', '\\.')).join('|')})(/|$)`

const upwardImports = floors.slice(0, -1).map((floor, index) => ({
  name: `no-import-above-${floor.name.replace(/ /g, '-')}`,
  comment: `${floor.name} (floor ${index}) may import only from its own or lower floors`,
  severity: 'error',
  from: { path: pathOf(floor.folders) },
  to: { path: pathOf(floors.slice(index + 1).flatMap(higher => higher.folders)) }
}))

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'an import cycle ties modules that should be on one floor, or in one module',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'on-a-floor',
      comment: 'every folder of src/ is on a floor above, so that the floors rule sees it',
      severity: 'error',
      from: { path: '^src/', pathNot: pathOf(floors.flatMap(floor => floor.folders)) },
      to: {}
    },
    ...upwardImports
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
}
