/**
 * The narrow ECR interface the steps use, in our own small types (filled in by the images
 * work). The SDK adapter in ecr-client.ts implements it; tests use fakes.
 */
export interface EcrApi {
  readonly kind: 'ecr'
}
