import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { mockClient } from 'aws-sdk-client-mock'
import { SdkElbApi } from '../../src/aws/elb-client.js'

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc'
const LB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/def'
const meta = { $metadata: {} }
const credentials = { accessKeyId: 'k', secretAccessKey: 's' }
const elbMock = mockClient(ElasticLoadBalancingV2Client)

function api(): SdkElbApi {
  return new SdkElbApi(new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials }))
}

beforeEach(() => {
  elbMock.reset()
})

describe('describeTargetGroups', () => {
  it('maps target groups to our type', async () => {
    elbMock.on(DescribeTargetGroupsCommand, { TargetGroupArns: [TG] }).resolves({
      TargetGroups: [{ TargetGroupArn: TG, TargetGroupName: 'web', LoadBalancerArns: [LB] }]
    })
    expect(await api().describeTargetGroups([TG])).toEqual([
      { arn: TG, name: 'web', loadBalancerArns: [LB] }
    ])
  })
  it('is empty when the target group does not exist', async () => {
    elbMock
      .on(DescribeTargetGroupsCommand)
      .rejects(new TargetGroupNotFoundException({ message: 'gone', ...meta }))
    expect(await api().describeTargetGroups([TG])).toEqual([])
  })
  it('asks nothing for no ARNs', async () => {
    expect(await api().describeTargetGroups([])).toEqual([])
    expect(elbMock.calls()).toHaveLength(0)
  })
  it('passes other errors on', async () => {
    elbMock.on(DescribeTargetGroupsCommand).rejects(new Error('AccessDenied'))
    await expect(api().describeTargetGroups([TG])).rejects.toThrow('AccessDenied')
  })
})

describe('describeLoadBalancers', () => {
  it('maps name, DNS name, scheme and type', async () => {
    elbMock.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [LB] }).resolves({
      LoadBalancers: [
        {
          LoadBalancerArn: LB,
          LoadBalancerName: 'web',
          DNSName: 'web-123.us-east-1.elb.amazonaws.com',
          Scheme: 'internet-facing',
          Type: 'application'
        }
      ]
    })
    expect(await api().describeLoadBalancers([LB])).toEqual([
      {
        arn: LB,
        name: 'web',
        dnsName: 'web-123.us-east-1.elb.amazonaws.com',
        scheme: 'internet-facing',
        type: 'application'
      }
    ])
  })
  it('is empty when the load balancer does not exist', async () => {
    elbMock
      .on(DescribeLoadBalancersCommand)
      .rejects(new LoadBalancerNotFoundException({ message: 'gone', ...meta }))
    expect(await api().describeLoadBalancers([LB])).toEqual([])
  })
})

describe('describeListeners', () => {
  it('reads every page', async () => {
    elbMock
      .on(DescribeListenersCommand, { LoadBalancerArn: LB, Marker: undefined })
      .resolves({
        Listeners: [{ ListenerArn: 'l1', Port: 80, Protocol: 'HTTP' }],
        NextMarker: 'm2'
      })
      .on(DescribeListenersCommand, { LoadBalancerArn: LB, Marker: 'm2' })
      .resolves({ Listeners: [{ ListenerArn: 'l2', Port: 443, Protocol: 'HTTPS' }] })
    expect(await api().describeListeners(LB)).toEqual([
      { arn: 'l1', port: 80, protocol: 'HTTP' },
      { arn: 'l2', port: 443, protocol: 'HTTPS' }
    ])
    expect(elbMock.commandCalls(DescribeListenersCommand)).toHaveLength(2)
  })
})
