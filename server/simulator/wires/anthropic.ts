import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  contentSchema,
  contentText,
  firstIssue,
  headerValue,
  messageSchema,
  sseData,
  type WireErrorKind,
  type WireFormat,
} from './types';

/** Anthropic messages (`POST /v1/messages`) with the real named-event stream. */
const requestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(messageSchema).min(1),
  system: contentSchema.optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ name: z.string(), input_schema: z.unknown().optional() })).optional(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().optional() }).optional(),
});

const errorTypes: Record<WireErrorKind, { status: number; type: string }> = {
  missing_key: { status: 401, type: 'authentication_error' },
  invalid_key: { status: 401, type: 'authentication_error' },
  rate_limit: { status: 429, type: 'rate_limit_error' },
  server: { status: 500, type: 'api_error' },
  model_not_found: { status: 404, type: 'not_found_error' },
  bad_request: { status: 400, type: 'invalid_request_error' },
};

export const anthropicWire: WireFormat = {
  wire: 'anthropic',

  route(method, url) {
    return method === 'POST' && url.pathname === '/v1/messages' ? {} : null;
  },

  // The API's documented header is x-api-key; @anthropic-ai/sdk 1.x sends the key as a bearer token.
  hasCredentials(headers) {
    return Boolean(headerValue(headers, 'x-api-key')) || /^Bearer\s+\S+/i.test(headerValue(headers, 'authorization') ?? '');
  },

  parse(body, _route, headers) {
    // The real API refuses a request without a version header; the SDK always sends one.
    if (!headerValue(headers, 'anthropic-version')) return 'anthropic-version: header is required';
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return firstIssue(parsed.error);
    const { messages, system } = parsed.data;
    const lastUser = [...messages].reverse().find((message) => message.role === 'user');
    const { tools, tool_choice: choice } = parsed.data;
    const forced = choice?.type === 'tool' ? tools?.find((tool) => tool.name === choice.name) : undefined;
    if (choice?.type === 'tool' && !forced) return `tool_choice: tool ${choice.name ?? ''} is not among the tools`;
    return {
      model: parsed.data.model,
      structured: forced ? { form: 'tool', name: forced.name, schema: forced.input_schema } : null,
      stream: parsed.data.stream === true,
      includeUsage: true,
      prompt: {
        question: contentText(lastUser?.content),
        fullText: [contentText(system), ...messages.map((message) => contentText(message.content))].filter(Boolean).join('\n'),
      },
    };
  },

  error(kind, detail) {
    const messages: Record<WireErrorKind, string> = {
      missing_key: 'x-api-key header is required',
      invalid_key: 'invalid x-api-key',
      rate_limit:
        'This request would exceed the rate limit for your organization of 50 requests per minute. Please try again later.',
      server: 'Internal server error',
      model_not_found: `model: ${detail.model ?? ''}`,
      bad_request: detail.message ?? 'Invalid request',
    };
    const { status, type } = errorTypes[kind];
    return {
      status,
      body: { type: 'error', error: { type, message: messages[kind] }, request_id: `req_${randomBytes(12).toString('hex')}` },
    };
  },

  streamStart(ctx) {
    const message = {
      id: ctx.id,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: ctx.inputTokens, output_tokens: 1 },
    };
    return (
      sseData({ type: 'message_start', message }, 'message_start') +
      sseData(
        {
          type: 'content_block_start',
          index: 0,
          content_block: ctx.tool ? { type: 'tool_use', id: `toolu_${ctx.id}`, name: ctx.tool, input: {} } : { type: 'text', text: '' },
        },
        'content_block_start',
      ) +
      sseData({ type: 'ping' }, 'ping')
    );
  },

  streamPiece(ctx, piece) {
    const delta = ctx.tool ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece };
    return sseData({ type: 'content_block_delta', index: 0, delta }, 'content_block_delta');
  },

  streamEnd(ctx, outputTokens) {
    return (
      sseData({ type: 'content_block_stop', index: 0 }, 'content_block_stop') +
      sseData(
        { type: 'message_delta', delta: { stop_reason: ctx.tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } },
        'message_delta',
      ) +
      sseData({ type: 'message_stop' }, 'message_stop')
    );
  },

  streamMalformed() {
    return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\n\n';
  },

  completeBody(ctx, text, outputTokens) {
    return {
      id: ctx.id,
      type: 'message',
      role: 'assistant',
      model: ctx.model,
      content: ctx.tool ? [{ type: 'tool_use', id: `toolu_${ctx.id}`, name: ctx.tool, input: toolInput(text) }] : [{ type: 'text', text }],
      stop_reason: ctx.tool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: ctx.inputTokens, output_tokens: outputTokens },
    };
  },
};

/** A tool's input is an object; a script whose analyst text is not JSON gets it as a string field. */
function toolInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
