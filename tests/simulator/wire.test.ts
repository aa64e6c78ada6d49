import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseSimulatorScript, startSimulator, type RunningSimulator } from '../../server/simulator';
import { eventually, failOnUnhandledRejections } from '../helpers/simulator';

/**
 * The simulator's wire formats as the official SDKs see them (non-streaming here; streaming is
 * covered through the adapters in tests/providers), plus the raw details SDKs hide.
 */

const ANSWERS = [
  { match: 'postgres', text: 'Pick **PostgreSQL**.\n\n- JSONB\n- transactions' },
  { match: 'rust', text: 'Go, mostly.' },
];

let sim: RunningSimulator;
failOnUnhandledRejections();
beforeAll(async () => {
  const fast = { ttftMs: 5, tokenDelayMs: 1, answers: ANSWERS, defaultAnswer: 'It depends on your constraints.' };
  sim = await startSimulator({
    script: parseSimulatorScript(
      {
        experts: [
          { name: 'Atlas', wire: 'openai', model: 'sim-atlas', ...fast },
          { name: 'Sage', wire: 'anthropic', model: 'sim-sage', ...fast },
          { name: 'Nova', wire: 'gemini', model: 'sim-nova', ...fast },
          { name: 'Chair', wire: 'anthropic', model: 'sim-chair', chair: true, ...fast, defaultAnswer: 'I read {{experts}}.' },
          { name: 'Stuck', wire: 'openai', model: 'sim-stuck', failure: 'stall', failAfterChunks: 1, ...fast },
          {
            name: 'Moody',
            wire: 'gemini',
            model: 'sim-moody',
            ...fast,
            failure: 'http429',
            answers: [
              { match: 'outage', text: 'Never sent.', failure: 'http500' },
              { match: 'calm', text: 'All good.', failure: null },
            ],
          },
        ],
      },
      'wire test',
    ),
  });
});
afterAll(() => sim.close());

const openai = () => new OpenAI({ apiKey: 'k', baseURL: `${sim.url}/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
const gemini = () => new GoogleGenAI({ apiKey: 'k', vertexai: false, httpOptions: { baseUrl: sim.url } });

describe('non-streaming answers through the official SDKs', () => {
  test('OpenAI chat completion', async () => {
    const completion = await openai().chat.completions.create({
      model: 'sim-atlas',
      messages: [{ role: 'user', content: 'Should I use POSTGRES?' }],
    });
    expect(completion.choices[0]?.message.content).toBe(ANSWERS[0]?.text);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: Math.ceil('Should I use POSTGRES?'.length / 4), completion_tokens: 6 });
  });

  test('Anthropic message', async () => {
    const message = await anthropic().messages.create({
      model: 'sim-sage',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Rust or Go?' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Go, mostly.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(2);
  });

  test('Gemini generateContent', async () => {
    const response = await gemini().models.generateContent({ model: 'sim-nova', contents: 'Anything else?' });
    expect(response.text).toBe('It depends on your constraints.');
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata?.candidatesTokenCount).toBe(5);
  });

  test('the chair names the panel experts its prompt mentions', async () => {
    const message = await anthropic().messages.create({
      model: 'sim-chair',
      max_tokens: 100,
      system: 'Summarise the panel.',
      messages: [{ role: 'user', content: 'Atlas said one thing; Nova said another.' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'I read Atlas and Nova.' }]);
  });

  test('OpenAI clients whose base URL lacks /v1 are served too', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: sim.url, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'sim-atlas', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('It depends on your constraints.');
  });

  test('the OpenAI model list names the OpenAI-wire experts', async () => {
    const ids: string[] = [];
    for await (const model of openai().models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual(['sim-atlas', 'sim-stuck']);
  });
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('the raw wire', () => {
  test('Anthropic streams the named event sequence', async () => {
    const response = await post(
      '/v1/messages',
      { model: 'sim-sage', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'Rust?' }] },
      { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  test('OpenAI sends a usage chunk only when asked, then [DONE]', async () => {
    const request = (includeUsage: boolean) =>
      post(
        '/v1/chat/completions',
        { model: 'sim-atlas', stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}), messages: [{ role: 'user', content: 'rust' }] },
        { authorization: 'Bearer k' },
      ).then((response) => response.text());
    const [without, withUsage] = await Promise.all([request(false), request(true)]);
    expect(without).not.toContain('"usage"');
    expect(withUsage).toMatch(/"choices":\[\],"usage":\{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3\}/);
    expect(withUsage.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  test('Gemini accepts the key as a query parameter', async () => {
    const response = await post('/v1beta/models/sim-nova:generateContent?key=k', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(response.status).toBe(200);
  });

  test.each([
    ['OpenAI', '/v1/chat/completions', { model: 'sim-atlas', messages: [{ role: 'user', content: 'hi' }] }, {}, 401],
    ['Anthropic', '/v1/messages', { model: 'sim-sage', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' }, 401],
    ['Gemini', '/v1beta/models/sim-nova:generateContent', { contents: [{ parts: [{ text: 'hi' }] }] }, {}, 403],
  ])('%s refuses a request without a key, like the real API', async (_name, path, body, headers, status) => {
    const response = await post(path, body, headers);
    expect(response.status).toBe(status);
    expect(await response.json()).toHaveProperty('error');
  });

  test('a malformed body is a 400 in the wire’s own error shape', async () => {
    const response = await post('/v1/messages', { model: 'sim-sage', messages: 'nope' }, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  test('an answer can fail its own questions, or succeed where its expert fails', async () => {
    const ask = (content: string) =>
      post('/v1beta/models/sim-moody:generateContent', { contents: [{ role: 'user', parts: [{ text: content }] }] }, { 'x-goog-api-key': 'k' });
    const outage = await ask('Partial OUTAGE drill');
    expect(outage.status).toBe(500);
    expect(await outage.json()).toMatchObject({ error: { status: 'INTERNAL' } });
    const calm = await ask('a calm question');
    expect(calm.status).toBe(200);
    expect(JSON.stringify(await calm.json())).toContain('All good.');
    // Any other question fails the expert's way.
    expect((await ask('anything else')).status).toBe(429);
  });

  test('a stalled answer holds its response open until the client lets go', async () => {
    const response = await post(
      '/v1/chat/completions',
      { model: 'sim-stuck', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { authorization: 'Bearer k' },
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.stats.open('sim-stuck')).toBe(1);
    await reader.cancel();
    await eventually(() => sim.stats.open('sim-stuck') === 0);
  });
});
