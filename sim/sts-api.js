// @ts-check
/**
 * STS in the query protocol the SDK speaks to it: a form-encoded POST (`Action=...&Version=...`)
 * answered in XML. Only GetCallerIdentity, enough for the AWS_ACCOUNT_ID of templates.
 */
import { ACCOUNT } from './ids.js'

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** Whether a request is an STS query call (form-encoded, with an Action). */
export function isStsQuery(
  /** @type {string | undefined} */ contentType,
  /** @type {string} */ body
) {
  return (
    (contentType ?? '').startsWith('application/x-www-form-urlencoded') &&
    /(?:^|&)Action=/.test(body)
  )
}

/**
 * @param {string} body the form-encoded request
 * @param {string} requestId
 * @returns {{status: number, xml: string, operation: string}}
 */
export function handleSts(body, requestId) {
  const form = new URLSearchParams(body)
  const action = form.get('Action') ?? ''
  if (action === 'GetCallerIdentity') {
    return {
      status: 200,
      operation: action,
      xml:
        `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/ecs-flow-deploy/ecs-flow</Arn>` +
        `<UserId>AROAEXAMPLE:ecs-flow</UserId><Account>${ACCOUNT}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
    }
  }
  return {
    status: 400,
    operation: action || 'Unknown',
    xml:
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
      `<Message>Could not find operation ${action} for version 2011-06-15</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`
  }
}
