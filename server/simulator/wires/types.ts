import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { SimulatedPrompt } from '../answers';
import type { Wire } from '../script';

/** The errors a simulated provider can answer with, each in the wire's real JSON shape. */
export type WireErrorKind = 'missing_key' | 'invalid_key' | 'rate_limit' | 'server' | 'model_not_found' | 'bad_request';

export interface WireError {
  status: number;
  body: unknown;
}

/** Where a request landed, before its body is read. */
export interface WireRoute {
  /** Gemini names the model in the path; OpenAI and Anthropic in the body. */
  pathModel?: string;
  /** Gemini chooses streaming by path; the others by a body field. */
  pathStream?: boolean;
}

/** How a request asked for structured output, in its own wire's terms. */
export interface StructuredRequest {
  /** OpenAI response_format json_schema, an Anthropic forced tool, Gemini responseSchema. */
  form: 'json_schema' | 'tool' | 'response_schema';
  name: string | null;
  schema: unknown;
}

export interface WireRequest {
  model: string;
  /** Present when the request asks for JSON that follows a schema. */
  structured: StructuredRequest | null;
  stream: boolean;
  /** OpenAI sends the usage chunk only when asked (`stream_options.include_usage`). */
  includeUsage: boolean;
  prompt: SimulatedPrompt;
}

/** Per-response values every frame of one answer shares. */
export interface AnswerContext {
  id: string;
  model: string;
  created: number;
  inputTokens: number;
  /** Anthropic: the forced tool whose input the answer is (structured output). */
  tool: string | null;
}

/**
 * One provider's wire format: routing, credentials, request parsing, the SSE frames of a
 * streamed answer and the body of a non-streamed one. Frames are complete SSE events,
 * terminated by a blank line, so the server can write them as they are.
 */
export interface WireFormat {
  wire: Wire;
  route(method: string, url: URL): WireRoute | null;
  hasCredentials(headers: IncomingHttpHeaders, url: URL): boolean;
  /** The request as the simulator needs it, or a message for a 400. */
  parse(body: unknown, route: WireRoute, headers: IncomingHttpHeaders): WireRequest | string;
  error(kind: WireErrorKind, detail: { model?: string; message?: string; retryAfterMs?: number }): WireError;
  streamStart(ctx: AnswerContext): string;
  streamPiece(ctx: AnswerContext, piece: string): string;
  streamEnd(ctx: AnswerContext, outputTokens: number, includeUsage: boolean): string;
  /** A frame the wire's clients cannot parse: JSON cut short. */
  streamMalformed(ctx: AnswerContext): string;
  completeBody(ctx: AnswerContext, text: string, outputTokens: number): unknown;
}

/** Message content is a string or a list of parts; only the text parts matter here. */
export const contentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ text: z.string().optional() })),
]);

export function contentText(content: z.infer<typeof contentSchema> | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

export const messageSchema = z.looseObject({ role: z.string(), content: contentSchema.optional() });

/** Formats the first zod issue as "field: problem" for a 400 body. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request body';
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

export function sseData(payload: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(payload)}\n\n`;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
