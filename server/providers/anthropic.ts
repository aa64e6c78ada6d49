import Anthropic, { APIError, APIUserAbortError } from '@anthropic-ai/sdk';
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
import type { Delta, StreamRequest } from './types';

/** Anthropic messages, streamed. SDK retries are off: policy.ts owns retrying. */

// The Messages API requires max_tokens; this leaves room for a long answer.
const DEFAULT_MAX_TOKENS = 4096;

// An `event: error` inside the stream carries a type but no HTTP status; these are the statuses
// the same errors have when they arrive as a response, so both paths classify alike.
const STATUS_OF_STREAM_ERROR: Record<string, number> = {
  overloaded_error: 529,
  api_error: 500,
  rate_limit_error: 429,
  authentication_error: 401,
  permission_error: 403,
  invalid_request_error: 400,
};

export async function* streamAnthropic(req: StreamRequest): AsyncGenerator<Delta> {
  const label = providerLabel(req.provider, req.baseUrl);
  const client = new Anthropic({
    apiKey: req.apiKey,
    ...(req.baseUrl ? { baseURL: req.baseUrl } : {}),
    maxRetries: 0,
    // The SDK would print unparseable events (answer text) to the console; we report errors ourselves.
    logLevel: 'off',
  });

  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let stopped = false;
  try {
    const stream = await client.messages.create(
      {
        model: req.model,
        max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS,
        messages: [{ role: 'user', content: req.question }],
        ...(req.system ? { system: req.system } : {}),
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
        // Structured output: one tool whose input is the JSON, and the model must call it.
        ...(req.structured
          ? {
              tools: [{ name: req.structured.name, description: req.structured.description, input_schema: { ...req.structured.schema, type: 'object' as const } }],
              tool_choice: { type: 'tool' as const, name: req.structured.name },
            }
          : {}),
        stream: true,
      },
      { signal: req.signal },
    );
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          inputTokens = event.message.usage.input_tokens;
          outputTokens = event.message.usage.output_tokens;
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta' && event.delta.text) yield { type: 'text', text: event.delta.text };
          // The tool's input, streamed as JSON text: the structured output.
          else if (event.delta.type === 'input_json_delta' && req.structured && event.delta.partial_json) yield { type: 'text', text: event.delta.partial_json };
          break;
        case 'message_delta':
          outputTokens = event.usage.output_tokens;
          inputTokens = event.usage.input_tokens ?? inputTokens;
          break;
        case 'message_stop':
          stopped = true;
          break;
      }
    }
  } catch (error) {
    throw toProviderError(req, label, error);
  }
  // The SDK ends an aborted stream quietly instead of throwing.
  if (req.signal.aborted) throw cancelledError(req.provider, label);
  if (!stopped) throw truncatedError(req.provider, label);
  if (inputTokens !== undefined || outputTokens !== undefined) {
    yield { type: 'usage', ...(inputTokens === undefined ? {} : { inputTokens }), ...(outputTokens === undefined ? {} : { outputTokens }) };
  }
}

function toProviderError(req: StreamRequest, label: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (req.signal.aborted || error instanceof APIUserAbortError) return cancelledError(req.provider, label);
  if (error instanceof APIError) {
    const reason = error.apiMessage ?? undefined;
    const status = error.status ?? (error.type ? STATUS_OF_STREAM_ERROR[error.type] : undefined);
    if (status !== undefined) {
      const retryAfterMs = error.headers ? retryAfterFromHeaders((name) => error.headers?.get(name)) : undefined;
      return httpError({
        provider: req.provider,
        label,
        status,
        ...(reason ? { reason } : {}),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        cause: error,
      });
    }
    const transport = transportError(req.provider, label, error.cause ?? error);
    if (transport) return transport;
    return streamEventError(req.provider, label, reason ?? error.message, error);
  }
  if (error instanceof SyntaxError) return malformedError(req.provider, label, error);
  return transportError(req.provider, label, error) ?? unexpectedError(req.provider, label, error);
}
