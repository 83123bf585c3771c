import * as core from '@actions/core'
import { run } from './main.js'
import { post } from './post.js'

// The same bundle is the action's main and post entry; saved state tells them apart.
if (core.getState('isPost') === 'true') {
  await post()
} else {
  core.saveState('isPost', 'true')
  await run()
}
