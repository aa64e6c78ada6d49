import type { FailureMode, ScriptedAnswer, SimulatedExpert, SimulatorScript } from './script';

/** What the simulator needs from any wire's request body. */
export interface SimulatedPrompt {
  /** The last user message: what answers are matched against. */
  question: string;
  /** Every text the model was given (system prompt included): sizes the input token count. */
  fullText: string;
}

/**
 * Picks the expert's scripted answer: the first `answers[].match` found in the question
 * (case-insensitive), else `defaultAnswer`. A chair's `{{experts}}` becomes the names of the
 * script's panel experts that appear in its prompt, so a synthesis reads as if it had read them.
 */
export function scriptedAnswer(expert: SimulatedExpert, prompt: SimulatedPrompt, script: SimulatorScript): string {
  const text = matchedAnswer(expert, prompt)?.text ?? expert.defaultAnswer;
  if (!expert.chair) return text;
  const lowerPrompt = prompt.fullText.toLowerCase();
  const named = script.experts
    .filter((other) => !other.chair && lowerPrompt.includes(other.name.toLowerCase()))
    .map((other) => other.name);
  return text.replaceAll('{{experts}}', joinNames(named));
}

/** The first of the expert's `answers` whose `match` occurs in the question (case-insensitive). */
export function matchedAnswer(expert: SimulatedExpert, prompt: SimulatedPrompt): ScriptedAnswer | undefined {
  const question = prompt.question.toLowerCase();
  return expert.answers.find((answer) => question.includes(answer.match.toLowerCase()));
}

/** How this question fails: the matched answer's own `failure` when it has one (null included), else the expert's. */
export function scriptedFailure(expert: SimulatedExpert, prompt: SimulatedPrompt): FailureMode | null {
  const matched = matchedAnswer(expert, prompt);
  return matched?.failure !== undefined ? matched.failure : expert.failure;
}

function joinNames(names: string[]): string {
  if (names.length === 0) return 'the panel';
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Splits text into word-ish streaming pieces (a word with the whitespace after it), so
 * joining the pieces gives back the exact text, newlines and code indentation included.
 */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The usual rule of thumb: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
