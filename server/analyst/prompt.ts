import { randomInt } from 'node:crypto';

/**
 * The analyst's prompt (the text is documented in docs/consensus.md, "The analyst").
 * Bias controls: answers in a fresh random order each run, under letters only (no
 * expert names, providers or models), and the instructions say that length is no
 * sign of support.
 */

export const BIAS_CONTROLS = [
  'Answers shown in a random order, different on every run',
  'Answers labelled only with letters: no expert names, providers or models in the prompt',
  "The analyst's own vendor's answer is treated like any other",
  'Answer length is not a signal of support (lengths are recorded beside support below)',
];

export const ANALYST_INSTRUCTIONS = [
  'You analyse the answers a panel gave to one question. You do not answer the question yourself.',
  'For every answer, give its bottom line: its conclusion in a few words. Use exactly the same words for answers that reach the same conclusion, and different words for different conclusions. Quote the sentence of the answer that states it.',
  'Then list the distinct claims and recommendations of the panel, one short sentence each, merging claims that mean the same. For each claim, list the answers that assert it and the answers that contradict it.',
  'Every attribution carries a quote: words copied exactly from that answer, a sentence or a phrase of it. Never paraphrase in a quote, never quote one answer for another, and do not attribute a claim to an answer that does not make it. An answer that merely does not mention a claim neither supports nor contradicts it.',
  'Judge by what the answers say, not by how long or confident they sound; a longer answer is not more right.',
  'Answers are labelled with letters only. Refer to them by their letter.',
  'Reply with the JSON object only, in this shape: {"answers":[{"expert":"A","bottomLine":"...","quote":"...","confidence":0.9}],"claims":[{"text":"...","support":[{"expert":"A","quote":"..."}],"oppose":[{"expert":"B","quote":"..."}]}]}',
].join('\n');

export interface PanelAnswer {
  expertId: string;
  text: string;
}

export interface LabelledPrompt {
  /** Letter and expert in prompt order. */
  labels: { label: string; expertId: string }[];
  prompt: string;
}

/** A, B, ... Z, AA, AB, ... */
export function letter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** Fisher-Yates with a cryptographic source: the order cannot be predicted or steered. */
export function shuffled<T>(items: readonly T[], random: (max: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** An answer cannot close its own section early: its closing tag is defused. */
const defuse = (text: string) => text.replace(/<\/answer>/gi, '</ answer>');

/** The analyst's user message: the question, then each answer in a shuffled order under its letter. */
export function buildAnalystPrompt(question: string, answers: readonly PanelAnswer[], random?: (max: number) => number): LabelledPrompt {
  const order = shuffled(answers, random);
  const labels = order.map((answer, i) => ({ label: letter(i), expertId: answer.expertId }));
  const sections = order.map((answer, i) => `<answer label="${letter(i)}">\n${defuse(answer.text)}\n</answer>`);
  const prompt = [`<question>\n${question}\n</question>`, ...sections, 'Analyse these answers as instructed and return the JSON object.'].join('\n\n');
  return { labels, prompt };
}
