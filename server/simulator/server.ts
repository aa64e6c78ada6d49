import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { estimateTokens, matchedAnswer, scriptedAnswer, scriptedFailure, scriptedTokenDelay, splitIntoPieces } from './answers';
import type { SimulatedExpert, SimulatorScript, Wire } from './script';
import { anthropicWire } from './wires/anthropic';
import { geminiWire } from './wires/gemini';
import { openaiWire } from './wires/openai';
import type { AnswerContext, StructuredRequest, WireError, WireFormat, WireRequest, WireRoute } from './wires/types';

/**
 * The provider simulator: a plain node:http server that answers like OpenAI, Anthropic and
 * Gemini, from a script, so the real SDKs can be driven through every success and failure
 * path without the internet. Deliberately framework-free: it is also the benchmark's baseline.
 */

/** One generation request as the simulator read it (the newest MAX_LOGGED are kept). */
export interface ReceivedRequest {
  wire: Wire;
  model: string;
  /** Every text the model was given. */
  fullText: string;
  structured: StructuredRequest | null;
}

export interface SimulatorStats {
  /** The generation requests received, oldest first (for tests: what was sent, in which form). */
  received(model?: string): ReceivedRequest[];
  /** Generation requests received (all models, or one model id), failed ones included. */
  requests(model?: string): number;
  /** Generation responses still open: a hung or stalled answer stays open until its client lets go. */
  open(model?: string): number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  stats: SimulatorStats;
}

export interface SimulatorOptions {
  script: SimulatorScript;
  port?: number;
  host?: string;
}

const WIRE_FORMATS: readonly WireFormat[] = [openaiWire, anthropicWire, geminiWire];
const ID_PREFIX: Record<Wire, string> = { openai: 'chatcmpl-', anthropic: 'msg_', gemini: '' };
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_LOGGED = 200;

function routeRequest(method: string, url: URL): { wire: WireFormat; route: WireRoute } | undefined {
  for (const wire of WIRE_FORMATS) {
    const route = wire.route(method, url);
    if (route) return { wire, route };
  }
  return undefined;
}

class Counter {
  private readonly counts = new Map<string, number>();
  private total = 0;
  add(model: string, by: number): number {
    const next = (this.counts.get(model) ?? 0) + by;
    this.counts.set(model, next);
    this.total += by;
    return next;
  }
  get(model?: string): number {
    return model === undefined ? this.total : (this.counts.get(model) ?? 0);
  }
}

class BadRequest extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('request body is too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendPayload(res, status, JSON.stringify(body), headers);
}

function sendPayload(res: ServerResponse, status: number, payload: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

function sendWireError(res: ServerResponse, error: WireError, headers?: Record<string, string>): void {
  sendJson(res, error.status, error.body, headers);
}

/** Drops the connection mid-body, after what was already written has reached the client. */
function cutConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}

/** Waits, unless the client went away first; then reports false so the answer stops. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export function startSimulator({ script, port = 0, host = '127.0.0.1' }: SimulatorOptions): Promise<RunningSimulator> {
  const requests = new Counter();
  const answerTries = new Counter();
  const open = new Counter();
  const received: ReceivedRequest[] = [];
  const experts = new Map<string, SimulatedExpert>(script.experts.map((expert) => [`${expert.wire}:${expert.model}`, expert]));

  function listModels(res: ServerResponse): void {
    const data = script.experts
      .filter((expert) => expert.wire === 'openai')
      .map((expert) => ({ id: expert.model, object: 'model', created: 0, owned_by: 'circle-simulator' }));
    sendJson(res, 200, { object: 'list', data });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = req.method ?? 'GET';
    if (method === 'GET' && (url.pathname === '/v1/models' || url.pathname === '/models')) return listModels(res);

    const routed = routeRequest(method, url);
    if (!routed) return sendJson(res, 404, { error: { message: `No simulated endpoint at ${method} ${url.pathname}` } });
    const { wire, route } = routed;

    let parsed: WireRequest | string;
    try {
      parsed = wire.parse(await readJson(req), route, req.headers);
    } catch (error) {
      if (error instanceof BadRequest) return sendWireError(res, wire.error('bad_request', { message: error.message }));
      throw error;
    }
    if (typeof parsed === 'string') return sendWireError(res, wire.error('bad_request', { message: parsed }));

    const attempt = requests.add(parsed.model, 1);
    received.push({ wire: wire.wire, model: parsed.model, fullText: parsed.prompt.fullText, structured: parsed.structured });
    if (received.length > MAX_LOGGED) received.shift();
    if (!wire.hasCredentials(req.headers, url)) return sendWireError(res, wire.error('missing_key', {}));
    const expert = experts.get(`${wire.wire}:${parsed.model}`);
    if (!expert) return sendWireError(res, wire.error('model_not_found', { model: parsed.model }));

    if (parsed.structured && !expert.schemaSupport) {
      return sendWireError(res, wire.error('bad_request', { message: `${parsed.structured.form} is not supported by this model` }));
    }
    open.add(expert.model, 1);
    res.once('close', () => open.add(expert.model, -1));
    const failure = scriptedFailure(expert, parsed.prompt);
    // An answer's own failTimes counts the requests it matches; else the expert's counts all of them.
    const matched = matchedAnswer(expert, parsed.prompt);
    const own = matched?.failure !== undefined && matched.failTimes !== undefined;
    const tries = own ? answerTries.add(`${parsed.model}\u0000${matched.match}`, 1) : attempt;
    const failTimes = own ? matched.failTimes : expert.failTimes;
    const failing = failure !== null && (failTimes === undefined || tries <= failTimes);
    await answer(wire, expert, parsed, failing ? failure : null, res);
  }

  async function answer(
    wire: WireFormat,
    expert: SimulatedExpert,
    request: WireRequest,
    failure: SimulatedExpert['failure'],
    res: ServerResponse,
  ): Promise<void> {
    switch (failure) {
      case 'http500':
        return sendWireError(res, wire.error('server', {}));
      case 'http401':
        return sendWireError(res, wire.error('invalid_key', {}));
      case 'http429':
        return sendWireError(res, wire.error('rate_limit', { model: expert.model, retryAfterMs: expert.retryAfterMs }), {
          'retry-after-ms': String(expert.retryAfterMs),
          'retry-after': String(Math.ceil(expert.retryAfterMs / 1000)),
        });
      case 'hang':
        return; // Never a status line: the client waits until its own deadline.
    }

    // The client going away (an abort, or a deadline on its side) stops the answer.
    const gone = new AbortController();
    res.once('close', () => gone.abort());

    const text = scriptedAnswer(expert, request.prompt, script);
    const pieces = splitIntoPieces(text);
    const tokenDelayMs = scriptedTokenDelay(expert, request.prompt);
    const ctx: AnswerContext = {
      id: `${ID_PREFIX[wire.wire]}${randomBytes(12).toString('hex')}`,
      model: expert.model,
      created: Math.floor(Date.now() / 1000),
      inputTokens: estimateTokens(request.prompt.fullText),
      tool: request.structured?.form === 'tool' ? request.structured.name : null,
    };

    if (!request.stream) {
      if (!(await pause(expert.ttftMs + tokenDelayMs * pieces.length, gone.signal))) return;
      const body = JSON.stringify(wire.completeBody(ctx, text, pieces.length));
      if (failure === null) return sendPayload(res, 200, body);
      // A broken non-streamed answer: half the body, then silence, a cut or a premature end.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      if (failure === 'cut') cutConnection(res);
      else if (failure === 'malformed') res.end();
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const start = wire.streamStart(ctx);
    if (start) res.write(start);
    if (!(await pause(expert.ttftMs, gone.signal))) return;

    for (let index = 0; index <= pieces.length; index++) {
      if (failure !== null && index === Math.min(expert.failAfterChunks, pieces.length)) {
        if (failure === 'cut') cutConnection(res);
        else if (failure === 'malformed') res.end(wire.streamMalformed(ctx));
        // 'stall': keep the socket open and say nothing more.
        return;
      }
      const piece = pieces[index];
      if (piece === undefined) break;
      if (index > 0 && !(await pause(tokenDelayMs, gone.signal))) return;
      res.write(wire.streamPiece(ctx, piece));
    }
    res.end(wire.streamEnd(ctx, pieces.length, request.includeUsage));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `Simulator error: ${(error as Error).message}` } });
      else res.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${urlHost}:${address.port}`,
        port: address.port,
        stats: {
          requests: (model) => requests.get(model),
          open: (model) => open.get(model),
          received: (model) => received.filter((r) => model === undefined || r.model === model),
        },
        close: () =>
          new Promise<void>((done) => {
            // Hung and stalled answers would otherwise keep close() waiting forever.
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
