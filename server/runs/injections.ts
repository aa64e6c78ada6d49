import { analyzeQuery } from '../core';
import type { QueryFinding } from '../core/types';

/**
 * The phrases of a question that try to instruct the models. The core flags them
 * (prompt_injection findings) without removing them, so they are still in the stored
 * question: they are derived again from it when a run is read, which needs no column and
 * covers runs stored before the note existed. Distinct, in order of appearance.
 */
export function phrasesOf(text: string, findings: readonly QueryFinding[]): string[] {
  const phrases = findings
    .filter((f) => f.kind === 'prompt_injection' && !f.redacted)
    .sort((a, b) => a.start - b.start)
    .map((f) => text.slice(f.start, f.end).trim())
    .filter(Boolean);
  return [...new Set(phrases)];
}

export async function injectedPhrases(question: string): Promise<string[]> {
  try {
    return phrasesOf(question, (await analyzeQuery(question)).findings);
  } catch (error) {
    console.error('[runs] could not analyse a stored question:', error instanceof Error ? error.message : String(error));
    return [];
  }
}
