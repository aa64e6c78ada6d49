import { describe, expect, it } from 'vitest';
import { applyRunEvents, initialRunState } from '../../app/_lib/run-reducer';
import type { AnswerView, RunEvent, RunView } from '../../server/runs/types';

const answer = (id: string, text = ''): AnswerView => ({
  id,
  expertId: null,
  expertName: id.toUpperCase(),
  provider: 'openai',
  model: 'm',
  simulated: true,
  role: 'panel',
  status: 'streaming',
  text,
  errorKind: null,
  errorMessage: null,
  attempts: 1,
  ttftMs: null,
  totalMs: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  weightAtRun: 0.5,
  rating: null,
  best: false,
});

const run = (answers: AnswerView[]): RunView => ({ id: 'r', question: 'q', status: 'running', createdAt: '', finishedAt: null, answers, consensus: null });
const token = (answerId: string, offset: number, text: string): RunEvent => ({ type: 'token', answerId, offset, text });

describe('the run page reducer', () => {
  it('appends tokens at their offsets and ignores a resent one (reconnects never duplicate text)', () => {
    const state = applyRunEvents(initialRunState, [
      { type: 'snapshot', run: run([answer('a')]) },
      token('a', 0, 'Hello'),
      token('a', 5, ', world'),
      token('a', 5, ', world'), // the same event again after a reconnect
      token('a', 0, 'Hello'),
    ]);
    expect(state.run?.answers[0]?.text).toBe('Hello, world');
    expect(state.needsResync).toBe(false);
  });

  it('keeps only the new tail of an overlapping delta', () => {
    const state = applyRunEvents(initialRunState, [{ type: 'snapshot', run: run([answer('a', 'Hello, wo')]) }, token('a', 5, ', world!')]);
    expect(state.run?.answers[0]?.text).toBe('Hello, world!');
  });

  it('asks for a fresh snapshot when a delta starts past the text it has (a gap)', () => {
    const state = applyRunEvents(initialRunState, [{ type: 'snapshot', run: run([answer('a', 'Hi')]) }, token('a', 10, 'later text')]);
    expect(state.needsResync).toBe(true);
    expect(state.run?.answers[0]?.text).toBe('Hi');
  });

  it('needs a snapshot before anything else', () => {
    expect(applyRunEvents(initialRunState, [token('a', 0, 'x')]).needsResync).toBe(true);
  });

  it('adds an answer that starts after the snapshot (the chair) and applies statuses and the end', () => {
    const { text: _text, ...chairFields } = answer('chair');
    const state = applyRunEvents(initialRunState, [
      { type: 'snapshot', run: run([answer('a', 'done text')]) },
      { type: 'status', answer: { ...chairFields, role: 'chair', textLength: 0 } },
      token('chair', 0, 'Synthesis'),
      { type: 'done', status: 'done', finishedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(state.run?.answers.map((a) => [a.id, a.text])).toEqual([
      ['a', 'done text'],
      ['chair', 'Synthesis'],
    ]);
    expect(state.run?.status).toBe('done');
  });
});
