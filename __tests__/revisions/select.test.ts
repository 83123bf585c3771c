import { describe, expect, it } from '@jest/globals'
import { parseRevision } from '../../src/revisions/revision-ref.js'
import { selectRevisionsToDeregister } from '../../src/revisions/select.js'
import { InputError } from '../../src/util/errors.js'

const arn = (revision: number, family = 'web') =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`
const revisions = (list: readonly number[]) => list.map(n => arn(n))

describe('parseRevision', () => {
  it.each([
    [arn(7), { family: 'web', revision: 7 }],
    ['web:7', { family: 'web', revision: 7 }],
    [
      'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/my_app-2:120',
      { family: 'my_app-2', revision: 120 }
    ],
    ['web', undefined],
    ['web:0', undefined],
    ['web:07', undefined],
    ['web:x', undefined],
    ['arn:aws:ecs:us-east-1:123456789012:service/demo/web', undefined],
    ['', undefined]
  ])('%s', (text, expected) => {
    const ref = parseRevision(text)
    expect(ref === undefined ? undefined : { family: ref.family, revision: ref.revision }).toEqual(
      expected
    )
  })
})

describe('selectRevisionsToDeregister', () => {
  it.each([
    // [description, listed revisions, keep, protected revision numbers, deregistered (oldest first), kept (newest first)]
    ['keeps the newest N', [1, 2, 3, 4, 5], 2, [], [1, 2, 3], [5, 4]],
    [
      'by revision number, whatever the listing order',
      [10, 9, 2, 11, 1, 100],
      2,
      [],
      [1, 2, 9, 10],
      [100, 11]
    ],
    ['protected ones are never chosen', [1, 2, 3, 4, 5, 6], 2, [1, 3], [2, 4], [6, 5, 3, 1]],
    ['N larger than the count keeps all', [1, 2, 3], 10, [], [], [3, 2, 1]],
    ['N equal to the count keeps all', [1, 2, 3], 3, [], [], [3, 2, 1]],
    ['keep 1 with the newest protected too', [1, 2, 3], 1, [3, 1], [2], [3, 1]],
    ['nothing listed', [], 3, [7], [], []],
    ['a protected revision no longer listed changes nothing', [4, 5, 6], 1, [2], [4, 5], [6]],
    ['duplicates in the listing count once', [1, 1, 2, 2, 3], 1, [], [1, 2], [3]]
  ])('%s', (_name, listed, keep, protectedRevisions, deregistered, kept) => {
    const result = selectRevisionsToDeregister({
      family: 'web',
      revisions: revisions(listed),
      keep,
      protected: protectedRevisions.map(n => ({ arn: arn(n), reason: `reason ${n}` }))
    })
    expect(result.deregister.map(r => r.revision)).toEqual(deregistered)
    expect(result.kept.map(r => r.revision)).toEqual(kept)
    expect(result.deregister.map(r => r.arn)).toEqual(revisions(deregistered))
    const protectedSet = new Set(protectedRevisions)
    for (const ref of result.deregister) expect(protectedSet.has(ref.revision)).toBe(false)
  })

  it('gives every reason a revision is kept', () => {
    const result = selectRevisionsToDeregister({
      family: 'web',
      revisions: revisions([1, 2, 3, 4, 5]),
      keep: 2,
      protected: [
        { arn: arn(5), reason: 'running now on service web' },
        { arn: 'web:2', reason: 'the rollback target' },
        { arn: arn(2), reason: 'runs on service web in environment staging' }
      ]
    })
    expect(result.kept.map(({ revision, reasons }) => [revision, reasons])).toEqual([
      [5, ['one of the newest 2', 'running now on service web']],
      [4, ['one of the newest 2']],
      [2, ['the rollback target', 'runs on service web in environment staging']]
    ])
    expect(result.deregister.map(r => r.revision)).toEqual([1, 3])
  })

  it('ignores longer families that the family prefix also lists', () => {
    const result = selectRevisionsToDeregister({
      family: 'web',
      revisions: [arn(1), arn(2), arn(1, 'web-worker'), arn(9, 'webapp')],
      keep: 1,
      protected: []
    })
    expect(result.deregister.map(r => r.arn)).toEqual([arn(1)])
    expect(result.kept.map(r => r.arn)).toEqual([arn(2)])
  })

  it('matches a protected revision written as family:revision or as an ARN of another form', () => {
    const result = selectRevisionsToDeregister({
      family: 'web',
      revisions: revisions([1, 2, 3]),
      keep: 1,
      protected: [{ arn: 'web:1', reason: 'runs on service web in environment production' }]
    })
    expect(result.deregister.map(r => r.revision)).toEqual([2])
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses keep %s', keep => {
    const select = () =>
      selectRevisionsToDeregister({
        family: 'web',
        revisions: revisions([1, 2]),
        keep,
        protected: [],
        keepSetting: 'cleanup.keep-revisions'
      })
    expect(select).toThrow(InputError)
    expect(select).toThrow(
      `cleanup.keep-revisions: is ${String(keep)}, but at least the newest revision must be kept (another run may have just registered it). Give a whole number of 1 or more.`
    )
  })

  it('refuses a protected revision it cannot read, rather than deregister it', () => {
    expect(() =>
      selectRevisionsToDeregister({
        family: 'web',
        revisions: revisions([1, 2]),
        keep: 1,
        protected: [{ arn: 'web', reason: 'the rollback target' }]
      })
    ).toThrow(
      'protected revision "web" (the rollback target) is not a task definition ARN or family:revision'
    )
  })

  it('refuses a listing entry that is not a revision ARN', () => {
    expect(() =>
      selectRevisionsToDeregister({
        family: 'web',
        revisions: ['nonsense'],
        keep: 1,
        protected: []
      })
    ).toThrow('ListTaskDefinitions returned "nonsense", not a task definition ARN')
  })
})
