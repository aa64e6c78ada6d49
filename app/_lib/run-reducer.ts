import type { AnswerView, RunEvent, RunView } from '@/server/runs/types';

export interface RunState {
  run: RunView | null;
  /**
   * Set when an event refers to text or an answer we do not have (a gap).
   * The stream hook then subscribes afresh, which starts with a full snapshot.
   */
  needsResync: boolean;
}

export const initialRunState: RunState = { run: null, needsResync: false };

function replaceAnswer(run: RunView, answerId: string, update: (answer: AnswerView) => AnswerView): RunView {
  return { ...run, answers: run.answers.map((answer) => (answer.id === answerId ? update(answer) : answer)) };
}

/**
 * Applies one event of a run's stream. Pure, so the page stays a projection
 * of the event log. Token deltas carry their offset: a delta we already have
 * (a resent event after a reconnect) is dropped, an overlapping one adds only
 * its new tail, and one that starts past our text means we missed something.
 * Unchanged answers keep their object identity, so only changed cards re-render.
 */
export function applyRunEvent(state: RunState, event: RunEvent): RunState {
  if (event.type === 'snapshot') return { run: event.run, needsResync: false };
  const run = state.run;
  // Everything but a snapshot needs one first; a stream always starts with it.
  if (!run) return { ...state, needsResync: true };

  switch (event.type) {
    case 'token': {
      const answer = run.answers.find((a) => a.id === event.answerId);
      if (!answer || event.offset > answer.text.length) return { ...state, needsResync: true };
      const end = event.offset + event.text.length;
      if (end <= answer.text.length) return state;
      const tail = event.text.slice(answer.text.length - event.offset);
      return { ...state, run: replaceAnswer(run, answer.id, (a) => ({ ...a, text: a.text + tail })) };
    }
    case 'status': {
      const { textLength, ...fields } = event.answer;
      const known = run.answers.some((a) => a.id === fields.id);
      if (!known) {
        // An answer that started after our snapshot (the chair, for instance) begins empty.
        if (textLength > 0) return { ...state, needsResync: true };
        return { ...state, run: { ...run, answers: [...run.answers, { ...fields, text: '' }] } };
      }
      return { ...state, run: replaceAnswer(run, fields.id, (a) => ({ ...a, ...fields, text: a.text })) };
    }
    case 'consensus':
      return { ...state, run: { ...run, consensus: event.consensus } };
    case 'done':
      return { ...state, run: { ...run, status: event.status, finishedAt: event.finishedAt } };
  }
}

/** Applies a batch (events collected between two animation frames). */
export function applyRunEvents(state: RunState, events: readonly RunEvent[]): RunState {
  return events.reduce(applyRunEvent, state);
}
