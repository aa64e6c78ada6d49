import { z } from 'zod';
import { contentText, firstIssue, headerValue, messageSchema, sseData, type AnswerContext, type WireFormat } from './types';

/**
 * OpenAI chat completions (`POST /v1/chat/completions`), also served without the `/v1`
 * prefix because OpenAI-compatible clients differ on whether the base URL includes it.
 */
const requestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  response_format: z
    .looseObject({ type: z.string(), json_schema: z.looseObject({ name: z.string(), schema: z.unknown().optional() }).optional() })
    .nullable()
    .optional(),
});

const errorShapes = {
  missing_key: { status: 401, type: 'invalid_request_error', code: null },
  invalid_key: { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' },
  rate_limit: { status: 429, type: 'requests', code: 'rate_limit_exceeded' },
  server: { status: 500, type: 'server_error', code: null },
  model_not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  bad_request: { status: 400, type: 'invalid_request_error', code: null },
} as const;

function chunk(ctx: AnswerContext, choices: unknown[], usage?: unknown): string {
  return sseData({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    system_fingerprint: null,
    choices,
    ...(usage === undefined ? {} : { usage }),
  });
}

function usageOf(ctx: AnswerContext, outputTokens: number) {
  return { prompt_tokens: ctx.inputTokens, completion_tokens: outputTokens, total_tokens: ctx.inputTokens + outputTokens };
}

export const openaiWire: WireFormat = {
  wire: 'openai',

  route(method, url) {
    if (method !== 'POST') return null;
    return url.pathname === '/v1/chat/completions' || url.pathname === '/chat/completions' ? {} : null;
  },

  hasCredentials(headers) {
    return /^Bearer\s+\S+/i.test(headerValue(headers, 'authorization') ?? '');
  },

  parse(body) {
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return firstIssue(parsed.error);
    const { messages } = parsed.data;
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    const format = parsed.data.response_format;
    if (format?.type === 'json_schema' && !format.json_schema) return 'response_format.json_schema: required when type is json_schema';
    return {
      model: parsed.data.model,
      structured: format?.type === 'json_schema' && format.json_schema ? { form: 'json_schema', name: format.json_schema.name, schema: format.json_schema.schema } : null,
      stream: parsed.data.stream === true,
      includeUsage: parsed.data.stream_options?.include_usage === true,
      prompt: {
        question: contentText(lastUser?.content),
        fullText: messages.map((message) => contentText(message.content)).join('\n'),
      },
    };
  },

  error(kind, detail) {
    const shape = errorShapes[kind];
    const messages = {
      missing_key:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      invalid_key: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
      rate_limit: `Rate limit reached for ${detail.model ?? 'this model'} on requests per min (RPM). Please try again later.`,
      server: 'The server had an error while processing your request. Sorry about that!',
      model_not_found: `The model \`${detail.model ?? ''}\` does not exist or you do not have access to it.`,
      bad_request: detail.message ?? 'Invalid request.',
    };
    return { status: shape.status, body: { error: { message: messages[kind], type: shape.type, param: null, code: shape.code } } };
  },

  streamStart(ctx) {
    return chunk(ctx, [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]);
  },

  streamPiece(ctx, piece) {
    return chunk(ctx, [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]);
  },

  streamEnd(ctx, outputTokens, includeUsage) {
    const finish = chunk(ctx, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const usage = includeUsage ? chunk(ctx, [], usageOf(ctx, outputTokens)) : '';
    return `${finish}${usage}data: [DONE]\n\n`;
  },

  streamMalformed(ctx) {
    return `data: {"id":"${ctx.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"\n\n`;
  },

  completeBody(ctx, text, outputTokens) {
    return {
      id: ctx.id,
      object: 'chat.completion',
      created: ctx.created,
      model: ctx.model,
      system_fingerprint: null,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usageOf(ctx, outputTokens),
    };
  },
};
