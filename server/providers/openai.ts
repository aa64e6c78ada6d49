import OpenAI, { APIError, APIUserAbortError } from 'openai';
import {
  cancelledError,
  httpError,
  malformedError,
  ProviderError,
  providerLabel,
  retryAfterFromHeaders,
  streamEventError,
  transportError,
  truncatedError,
  unexpectedError,
} from './errors';
import type { Delta, StreamRequest, Usage } from './types';

/**
 * OpenAI chat completions, streamed; also every OpenAI-compatible endpoint (Ollama, vLLM,
 * LM Studio, OpenRouter) through `baseUrl`. SDK retries are off: policy.ts owns retrying.
 */

// Reasoning models reject any temperature but the default, with a 400.
const FIXED_TEMPERATURE = /^(o\d|gpt-5)/;

// Local servers such as Ollama need no key, but the SDK refuses to start without one.
const NO_KEY_PLACEHOLDER = 'not-needed';

export async function* streamOpenAI(req: StreamRequest): AsyncGenerator<Delta> {
  const label = providerLabel(req.provider, req.baseUrl);
  const compatible = req.provider === 'openai_compatible';
  const client = new OpenAI({
    apiKey: req.apiKey || NO_KEY_PLACEHOLDER,
    ...(req.baseUrl ? { baseURL: req.baseUrl } : {}),
    maxRetries: 0,
    // The SDK would print unparseable chunks (answer text) to the console; we report errors ourselves.
    logLevel: 'off',
  });
  const acceptsTemperature = compatible || !FIXED_TEMPERATURE.test(req.model);

  let finished = false;
  let usage: Usage | undefined;
  try {
    const stream = await client.chat.completions.create(
      {
        model: req.model,
        messages: [...(req.system ? [{ role: 'system' as const, content: req.system }] : []), { role: 'user', content: req.question }],
        stream: true,
        stream_options: { include_usage: true },
        ...(req.temperature !== undefined && acceptsTemperature ? { temperature: req.temperature } : {}),
        // OpenAI deprecated max_tokens; compatible servers mostly only know max_tokens.
        ...(req.maxTokens === undefined ? {} : compatible ? { max_tokens: req.maxTokens } : { max_completion_tokens: req.maxTokens }),
        ...(req.structured && req.structured.mode !== 'text'
          ? {
              response_format: {
                type: 'json_schema' as const,
                json_schema: { name: req.structured.name, description: req.structured.description, schema: { ...req.structured.schema }, strict: true },
              },
            }
          : {}),
      },
      { signal: req.signal },
    );
    for await (const chunk of stream) {
      if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      const choice = chunk.choices[0];
      if (choice?.delta?.content) yield { type: 'text', text: choice.delta.content };
      if (choice?.finish_reason) finished = true;
    }
  } catch (error) {
    throw toProviderError(req, label, error);
  }
  // The SDK ends an aborted stream quietly instead of throwing.
  if (req.signal.aborted) throw cancelledError(req.provider, label);
  if (!finished) throw truncatedError(req.provider, label);
  if (usage) yield { type: 'usage', ...usage };
}

function toProviderError(req: StreamRequest, label: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (req.signal.aborted || error instanceof APIUserAbortError) return cancelledError(req.provider, label);
  if (error instanceof APIError && error.status !== undefined) {
    const reason = (error.error as { message?: unknown } | undefined)?.message;
    const retryAfterMs = error.headers ? retryAfterFromHeaders((name) => error.headers?.get(name)) : undefined;
    return httpError({
      provider: req.provider,
      label,
      status: error.status,
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  if (error instanceof SyntaxError) return malformedError(req.provider, label, error);
  const transport = transportError(req.provider, label, error instanceof APIError && error.cause ? error.cause : error);
  if (transport) return transport;
  if (error instanceof APIError) {
    return streamEventError(req.provider, label, error.message, error);
  }
  return unexpectedError(req.provider, label, error);
}
