// @ts-check
/**
 * A stand-in for the start of a single-file ECS deploy action such as
 * aws-actions/amazon-ecs-deploy-task-definition, for the cold-start comparison only: its entry
 * loads @actions/core, the ECS (and CodeDeploy) SDK clients and a YAML parser when the process
 * starts, creates its clients and reads its inputs before its first request. This loads the same
 * packages ecs-flow uses (core, client-ecs, yaml), creates an ECS client and reads an input,
 * then exits — a lower bound of that start (without CodeDeploy's client).
 */
import * as core from '@actions/core'
import { ECSClient } from '@aws-sdk/client-ecs'
import YAML from 'yaml'

const ecs = new ECSClient({ region: process.env.AWS_REGION || 'us-east-1' })
const taskDefinition = core.getInput('task-definition')
core.debug(`${typeof ecs.send} ${typeof YAML.parse} ${taskDefinition}`)
