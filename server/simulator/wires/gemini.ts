import { z } from 'zod';
import { firstIssue, headerValue, type AnswerContext, type WireErrorKind, type WireFormat } from './types';

/**
 * Gemini `models/{model}:streamGenerateContent?alt=sse` and `:generateContent`. The model and
 * the streaming choice come from the path. Frames end with CRLF CRLF like Google's servers.
 */
const ROUTE = /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;

const partsSchema = z.array(z.looseObject({ text: z.string().optional() }));
const requestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().optional(), parts: partsSchema })).min(1),
  systemInstruction: z.looseObject({ parts: partsSchema }).optional(),
  generationConfig: z.looseObject({ responseMimeType: z.string().optional(), responseSchema: z.unknown().optional() }).optional(),
});

const partsText = (parts: z.infer<typeof partsSchema>) => parts.map((part) => part.text ?? '').join('');

const errorShapes: Record<WireErrorKind, { status: number; code: string }> = {
  missing_key: { status: 403, code: 'PERMISSION_DENIED' },
  // Google answers a wrong key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
  invalid_key: { status: 400, code: 'INVALID_ARGUMENT' },
  rate_limit: { status: 429, code: 'RESOURCE_EXHAUSTED' },
  server: { status: 500, code: 'INTERNAL' },
  model_not_found: { status: 404, code: 'NOT_FOUND' },
  bad_request: { status: 400, code: 'INVALID_ARGUMENT' },
};

function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\r\n\r\n`;
}

function response(ctx: AnswerContext, text: string, finished: boolean, outputTokens: number) {
  return {
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, ...(finished ? { finishReason: 'STOP' } : {}), index: 0 },
    ],
    usageMetadata: {
      promptTokenCount: ctx.inputTokens,
      ...(outputTokens > 0 ? { candidatesTokenCount: outputTokens } : {}),
      totalTokenCount: ctx.inputTokens + outputTokens,
    },
    modelVersion: ctx.model,
    responseId: ctx.id,
  };
}

export const geminiWire: WireFormat = {
  wire: 'gemini',

  route(method, url) {
    const match = method === 'POST' ? ROUTE.exec(url.pathname) : null;
    if (!match) return null;
    return { pathModel: decodeURIComponent(match[1] ?? ''), pathStream: match[2] === 'streamGenerateContent' };
  },

  hasCredentials(headers, url) {
    return Boolean(headerValue(headers, 'x-goog-api-key') || url.searchParams.get('key'));
  },

  parse(body, route) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return firstIssue(parsed.error);
    const { contents, systemInstruction } = parsed.data;
    const lastUser = [...contents].reverse().find((content) => content.role !== 'model');
    const config = parsed.data.generationConfig;
    if (config?.responseSchema !== undefined && config.responseMimeType !== 'application/json') {
      return 'generationConfig.responseMimeType: must be application/json when a responseSchema is set';
    }
    return {
      model: route.pathModel ?? '',
      structured: config?.responseSchema === undefined ? null : { form: 'response_schema', name: null, schema: config.responseSchema },
      stream: route.pathStream === true,
      includeUsage: true,
      prompt: {
        question: lastUser ? partsText(lastUser.parts) : '',
        fullText: [systemInstruction ? partsText(systemInstruction.parts) : '', ...contents.map((c) => partsText(c.parts))].filter(Boolean).join('\n'),
      },
    };
  },

  error(kind, detail) {
    const messages: Record<WireErrorKind, string> = {
      missing_key:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      invalid_key: 'API key not valid. Please pass a valid API key.',
      rate_limit: 'Resource has been exhausted (e.g. check quota).',
      server: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      model_not_found: `models/${detail.model ?? ''} is not found for API version v1beta, or is not supported for generateContent.`,
      bad_request: detail.message ?? 'Invalid request.',
    };
    const details =
      kind === 'invalid_key'
        ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]
        : kind === 'rate_limit'
          ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${(detail.retryAfterMs ?? 1000) / 1000}s` }]
          : undefined;
    const { status, code } = errorShapes[kind];
    return { status, body: { error: { code: status, message: messages[kind], status: code, ...(details ? { details } : {}) } } };
  },

  streamStart() {
    return '';
  },

  streamPiece(ctx, piece) {
    return frame(response(ctx, piece, false, 0));
  },

  streamEnd(ctx, outputTokens) {
    return frame(response(ctx, '', true, outputTokens));
  },

  streamMalformed() {
    return 'data: {"candidates": [{"content": {"parts": [{"text": "\r\n\r\n';
  },

  completeBody(ctx, text, outputTokens) {
    return response(ctx, text, true, outputTokens);
  },
};
