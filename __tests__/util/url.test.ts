import { describe, expect, it } from '@jest/globals'
import { basicAuthRequest, redactedUrl, withoutCredentials } from '../../src/util/url.js'

describe('withoutCredentials', () => {
  it.each([
    ['https://deploy:s3cret@app.example.com/health', 'https://app.example.com/health'],
    ['https://deploy@app.example.com:8443/health?x=1', 'https://app.example.com:8443/health?x=1'],
    ['http://:only-a-password@10.0.0.1/', 'http://10.0.0.1/'],
    // No credentials: returned exactly as given, not normalised.
    ['https://app.example.com', 'https://app.example.com'],
    ['not a url', 'not a url']
  ])('%s → %s', (url, expected) => {
    expect(withoutCredentials(url)).toBe(expected)
  })
})

describe('basicAuthRequest', () => {
  it('moves user:password to a Basic authorization header, decoded', () => {
    expect(basicAuthRequest('https://deploy:p%40ss%3Aword@app.example.com/health')).toEqual({
      url: 'https://app.example.com/health',
      authorization: `Basic ${Buffer.from('deploy:p@ss:word').toString('base64')}`
    })
  })

  it('sends a malformed escape as written rather than failing', () => {
    expect(basicAuthRequest('https://deploy:100%zz@app.example.com/').authorization).toBe(
      `Basic ${Buffer.from('deploy:100%zz').toString('base64')}`
    )
  })

  it('leaves a URL without credentials alone', () => {
    expect(basicAuthRequest('https://app.example.com/health')).toEqual({
      url: 'https://app.example.com/health'
    })
  })
})

describe('redactedUrl', () => {
  it.each([
    ['https://deploy:s3cret@app.example.com/health', 'https://app.example.com/health'],
    ['https://deploy:s3 cret@exa mple.com/x', 'https://***@exa mple.com/x'],
    ['ftp://u:p@host/', 'ftp://host/'],
    ['not a url', 'not a url']
  ])('%s → %s', (url, expected) => {
    expect(redactedUrl(url)).toBe(expected)
  })
})
