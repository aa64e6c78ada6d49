import { streamAnthropic } from './anthropic';
import { ProviderError, providerLabel } from './errors';
import { streamGemini } from './gemini';
import { streamOpenAI } from './openai';
import type { Delta, StreamRequest } from './types';

/**
 * One attempt at one answer, through the adapter for the request's wire format. It yields
 * text deltas then one usage record, and throws only ProviderError. No retries and no
 * deadlines here: use streamWithPolicy for those.
 */
export function streamAnswer(req: StreamRequest): AsyncIterable<Delta> {
  const missing = missingConfiguration(req);
  if (missing) return failing(missing);
  switch (req.provider) {
    case 'openai':
    case 'openai_compatible':
      return streamOpenAI(req);
    case 'anthropic':
      return streamAnthropic(req);
    case 'gemini':
      return streamGemini(req);
  }
}

/** Caught before any request: no upstream call is made for a setup the user must fix. */
function missingConfiguration(req: StreamRequest): ProviderError | undefined {
  const label = providerLabel(req.provider, req.baseUrl);
  if (req.provider === 'openai_compatible' && !req.baseUrl) {
    return new ProviderError({ provider: req.provider, kind: 'bad_request', retryable: false, message: `No base URL is configured for ${label}` });
  }
  if (req.provider !== 'openai_compatible' && !req.apiKey) {
    return new ProviderError({ provider: req.provider, kind: 'auth', retryable: false, message: `No API key is configured for ${label}` });
  }
  return undefined;
}

// An iterable that fails on first read, the way a refused request would.
async function* failing(error: ProviderError): AsyncGenerator<Delta> {
  throw error;
}
