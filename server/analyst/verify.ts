import { CoreError, groundAnalysis } from '../core';
import type { VerifiedMap } from '../core/types';
import { AnalystOutputError, parseAnalystOutput } from './schema';

/**
 * From the analyst's raw text to the verified map: parse and check the JSON, then
 * let the core ground every quote against the answer it names. Throws
 * AnalystOutputError with a reason that completes "the analyst …".
 */
export async function verifyAnalysis(
  text: string,
  labels: readonly { label: string; expertId: string }[],
  answers: readonly { expertId: string; text: string; weight: number }[],
  expertsAsked: number,
): Promise<VerifiedMap> {
  const output = parseAnalystOutput(text);
  // Panel order, not the prompt's shuffled order: the shuffle changes the letters, never the result.
  const labelOf = new Map(labels.map((l) => [l.expertId, l.label]));
  const labelled = answers.map((answer) => {
    const label = labelOf.get(answer.expertId);
    if (!label) throw new Error(`verifyAnalysis: ${answer.expertId} has no letter`);
    return { label, expertId: answer.expertId, text: answer.text, weight: answer.weight };
  });
  try {
    return await groundAnalysis(labelled, output, { expertsAsked });
  } catch (error) {
    if (error instanceof CoreError) throw new AnalystOutputError(`returned output the core could not check (${error.message})`);
    throw error;
  }
}
