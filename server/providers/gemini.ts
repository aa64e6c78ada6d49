import { ApiError, GoogleGenAI, type Schema, type Type } from '@google/genai';
import {
  cancelledError,
  httpError,
  malformedError,
  ProviderError,
  providerLabel,
  transportError,
  truncatedError,
  unexpectedError,
} from './errors';
import type { Delta, JsonSchema, StreamRequest, Usage } from './types';

/**
 * Google Gemini streamGenerateContent. The SDK retries nothing unless
 * `httpOptions.retryOptions` is set (we never set it), but it has a second, hidden retry
 * layer: "automatic continuation" re-opens a dropped stream. We turn that off, because
 * policy.ts is the one place that decides about retries.
 */

// The SDK reports the error body as JSON text in `message`: { error: { code, message, status, details } }.
interface GoogleErrorBody {
  error?: { message?: string; details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }> };
}

export async function* streamGemini(req: StreamRequest): AsyncGenerator<Delta> {
  const label = providerLabel(req.provider, req.baseUrl);
  const client = new GoogleGenAI({ apiKey: req.apiKey, vertexai: false, ...(req.baseUrl ? { httpOptions: { baseUrl: req.baseUrl } } : {}) });

  let usage: Usage | undefined;
  let finished = false;
  try {
    const stream = await client.models.generateContentStream({
      model: req.model,
      contents: [{ role: 'user', parts: [{ text: req.question }] }],
      config: {
        ...(req.system ? { systemInstruction: req.system } : {}),
        ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
        ...(req.maxTokens === undefined ? {} : { maxOutputTokens: req.maxTokens }),
        ...(req.structured ? { responseMimeType: 'application/json', responseSchema: toGeminiSchema(req.structured.schema) } : {}),
        abortSignal: req.signal,
        automaticContinuation: false,
      },
    });
    for await (const chunk of stream) {
      const blocked = chunk.promptFeedback?.blockReason;
      if (blocked) {
        throw new ProviderError({ provider: req.provider, kind: 'bad_request', retryable: false, message: `${label} blocked the question (${blocked})` });
      }
      const candidate = chunk.candidates?.[0];
      // Thought summaries are not part of the answer.
      for (const part of candidate?.content?.parts ?? []) {
        if (part.text && !part.thought) yield { type: 'text', text: part.text };
      }
      if (candidate?.finishReason) finished = true;
      const metadata = chunk.usageMetadata;
      if (metadata) {
        // Each chunk carries running totals, so the last one wins.
        usage = {
          ...(metadata.promptTokenCount === undefined ? {} : { inputTokens: metadata.promptTokenCount }),
          ...(metadata.candidatesTokenCount === undefined ? {} : { outputTokens: metadata.candidatesTokenCount }),
        };
      }
    }
  } catch (error) {
    throw toProviderError(req, label, error);
  }
  if (req.signal.aborted) throw cancelledError(req.provider, label);
  if (!finished) throw truncatedError(req.provider, label);
  if (usage && (usage.inputTokens !== undefined || usage.outputTokens !== undefined)) yield { type: 'usage', ...usage };
}

/** Gemini's responseSchema is OpenAPI's subset: upper-case types, no additionalProperties; field order kept. */
export function toGeminiSchema(schema: JsonSchema): Schema {
  return {
    type: schema.type.toUpperCase() as Type,
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.properties
      ? {
          properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, toGeminiSchema(value)])),
          propertyOrdering: Object.keys(schema.properties),
        }
      : {}),
    ...(schema.required ? { required: schema.required } : {}),
    ...(schema.items ? { items: toGeminiSchema(schema.items) } : {}),
    ...(schema.minimum === undefined ? {} : { minimum: schema.minimum }),
    ...(schema.maximum === undefined ? {} : { maximum: schema.maximum }),
  };
}

function parseErrorBody(message: string): GoogleErrorBody | undefined {
  try {
    return JSON.parse(message) as GoogleErrorBody;
  } catch {
    return undefined;
  }
}

/** Google's RetryInfo says "1.5s"; there is no Retry-After header. */
function retryDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  const delay = body?.error?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const seconds = delay ? Number.parseFloat(delay) : Number.NaN;
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
}

function toProviderError(req: StreamRequest, label: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (req.signal.aborted) return cancelledError(req.provider, label);
  if (error instanceof ApiError) {
    const body = parseErrorBody(error.message);
    // Google answers a wrong key with 400 API_KEY_INVALID; it means what a 401 means elsewhere.
    if (body?.error?.details?.some((detail) => detail.reason === 'API_KEY_INVALID')) {
      return new ProviderError({ provider: req.provider, kind: 'auth', retryable: false, status: error.status, cause: error, message: `Invalid API key for ${label}` });
    }
    const reason = body?.error?.message;
    const retryAfterMs = retryDelayMs(body);
    return httpError({
      provider: req.provider,
      label,
      status: error.status,
      ...(reason ? { reason } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  const transport = transportError(req.provider, label, error);
  if (transport) return transport;
  // A chunk that is not JSON surfaces as a SyntaxError, or wrapped by the SDK's SSE reader.
  if (error instanceof SyntaxError || (error instanceof Error && /Incomplete JSON segment|exception parsing stream chunk/.test(error.message))) {
    return malformedError(req.provider, label, error);
  }
  return unexpectedError(req.provider, label, error);
}
