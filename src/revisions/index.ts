export { listAllRevisions, DEFAULT_MAX_PAGES, type ListRevisionsPage } from './list.js'
export { parseRevision, revisionKey, type RevisionRef } from './revision-ref.js'
export {
  selectRevisionsToDeregister,
  type KeptRevision,
  type ProtectedRevision,
  type RevisionCleanup,
  type RevisionSelection
} from './select.js'
