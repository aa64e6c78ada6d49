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
  if (expert.analyst) return lettersForNames(text, prompt, script);
  if (!expert.chair) return text;
  const lowerPrompt = prompt.fullText.toLowerCase();
  const named = panelExperts(script)
    .filter((other) => lowerPrompt.includes(other.name.toLowerCase()))
    .map((other) => other.name);
  return text.replaceAll('{{experts}}', joinNames(named));
}

const panelExperts = (script: SimulatorScript) => script.experts.filter((e) => !e.chair && !e.analyst);

/** The analyst prompt's sections: `<answer label="A">text</answer>` (server/analyst/prompt.ts). */
const ANSWER_SECTION = /<answer label="([A-Z]+)">\n([\s\S]*?)\n<\/answer>/g;

/**
 * A scripted analyst names experts by display name; the prompt it received shows them as
 * letters in a shuffled order. Each section is recognised by its text (the script knows what
 * every simulated expert answers), and every `"expert"` field naming that expert gets its
 * letter. Names of experts not in the prompt stay as they are (the core rejects them).
 */
export function lettersForNames(text: string, prompt: SimulatedPrompt, script: SimulatorScript): string {
  let output: unknown;
  try {
    output = JSON.parse(text);
  } catch {
    return text; // a script may test output that is not JSON
  }
  const letters = new Map<string, string>();
  for (const [, label, body] of prompt.fullText.matchAll(ANSWER_SECTION)) {
    const section = (body ?? '').trim();
    const author = panelExperts(script).find((e) => [...e.answers.map((a) => a.text), e.defaultAnswer].some((t) => t.trim() === section));
    if (author && label) letters.set(author.name.toLowerCase(), label);
  }
  const relabel = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(relabel);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, key === 'expert' && typeof v === 'string' ? (letters.get(v.toLowerCase()) ?? v) : relabel(v)]),
    );
  };
  return JSON.stringify(relabel(output), null, 1);
}

/** The first of the expert's `answers` whose `match` occurs in the question (case-insensitive). */
export function matchedAnswer(expert: SimulatedExpert, prompt: SimulatedPrompt): ScriptedAnswer | undefined {
  // The analyst's message holds the panel's answers too: only its question section is matched.
  const asked = expert.analyst ? (/<question>\n([\s\S]*?)\n<\/question>/.exec(prompt.question)?.[1] ?? prompt.question) : prompt.question;
  const question = asked.toLowerCase();
  return expert.answers.find((answer) => question.includes(answer.match.toLowerCase()));
}

/** How this question fails: the matched answer's own `failure` when it has one (null included), else the expert's. */
export function scriptedFailure(expert: SimulatedExpert, prompt: SimulatedPrompt): FailureMode | null {
  const matched = matchedAnswer(expert, prompt);
  return matched?.failure !== undefined ? matched.failure : expert.failure;
}

/** The delay between two pieces for this question: the matched answer's own pace, else the expert's. */
export function scriptedTokenDelay(expert: SimulatedExpert, prompt: SimulatedPrompt): number {
  return matchedAnswer(expert, prompt)?.tokenDelayMs ?? expert.tokenDelayMs;
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
