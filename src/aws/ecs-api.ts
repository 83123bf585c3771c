/**
 * The narrow ECS interface the steps use, in our own small types (filled in by the deploy
 * core). The SDK adapter in ecs-client.ts implements it; tests use fakes.
 */
export interface EcsApi {
  readonly kind: 'ecs'
}
