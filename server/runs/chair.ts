import { z } from 'zod';
import { findExpert, type ExpertRow } from '../db/repositories/experts';
import { readSetting, writeSetting } from '../db/repositories/settings';
import { analysisNote, answeredNote, hasComparison, insightLine, methodNote, verifiedMap } from './consensus';
import type { RunConsensus } from './types';

/**
 * The chair writes the synthesis. Setting: off, auto (the simulator's chair
 * on the simulated panel; off otherwise) or a chosen expert.
 */
export const chairSettingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('off') }),
  z.object({ mode: z.literal('auto') }),
  z.object({ mode: z.literal('expert'), expertId: z.string() }),
]);
export type ChairSetting = z.infer<typeof chairSettingSchema>;

const CHAIR_SETTING = 'chair';
const SIMULATED_CHAIR_SETTING = 'simulatedChairExpertId';

export const readChairSetting = () => readSetting(CHAIR_SETTING, chairSettingSchema, { mode: 'auto' });
export const writeChairSetting = (setting: ChairSetting) => writeSetting(CHAIR_SETTING, setting);
export const rememberSimulatedChair = (expertId: string | null) => writeSetting(SIMULATED_CHAIR_SETTING, expertId);

/** The expert who chairs runs of this panel kind, or null when the synthesis is off. */
export async function resolveChair(simulatorMode: boolean): Promise<ExpertRow | null> {
  const setting = await readChairSetting();
  let expertId: string | null = null;
  if (setting.mode === 'expert') expertId = setting.expertId;
  else if (setting.mode === 'auto' && simulatorMode) expertId = await readSetting(SIMULATED_CHAIR_SETTING, z.string().nullable(), null);
  if (!expertId) return null;
  const expert = await findExpert(expertId);
  // A chair deleted or from the other panel kind silently means "no synthesis" rather than a failed run.
  return expert && !expert.deletedAt && expert.simulated === simulatorMode ? expert : null;
}

export const CHAIR_INSTRUCTIONS = [
  'You chair a panel of AI experts. Write the final answer to the question from their answers and the consensus analysis below.',
  'Cite the experts you draw on by name in square brackets, e.g. [Atlas].',
  'Say plainly where the experts disagree and which view you side with and why.',
  'Do not invent facts that no expert gave; be concise and well structured in Markdown.',
].join(' ');

/** The chair's user message: the question, each answer labelled with its expert, and the consensus figures. */
export function buildSynthesisPrompt(question: string, answers: { name: string; text: string }[], consensus: RunConsensus | null): string {
  const parts = [`# Question\n\n${question}`, '# Panel answers'];
  for (const a of answers) parts.push(`## [${a.name}]\n\n${a.text}`);
  if (consensus) {
    const answered = answeredNote(consensus);
    const lines = [
      hasComparison(consensus)
        ? `Consensus confidence: ${Math.round(consensus.consensusConfidence * 100)}% (${consensus.reached ? 'reached' : 'not reached'})`
        : 'No consensus: only one expert answered.',
      ...(answered ? [`${answered}.`] : []),
      `Compared ${methodNote(consensus)}. ${analysisNote(consensus)}.`,
      `Majority: ${consensus.majority.join(', ') || 'none'}`,
      `Dissenters: ${consensus.dissenters.join(', ') || 'none'}`,
      ...consensus.bottomLines.map((b) => `Bottom line of ${b.expertId}: ${b.text}`),
      ...consensus.commonRecommendations.map((r) => `Shared recommendation (${r.supporters.join(', ')}): ${r.text}`),
      ...consensus.uniqueInsights.map((u) => `Only ${u.expertId}: ${insightLine(u)}`),
      ...contradictionLines(consensus),
    ];
    parts.push(`# Consensus analysis\n\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}

/** The verified contradictions, both sides with their own words: the chair must settle them. */
function contradictionLines(consensus: RunConsensus): string[] {
  const map = verifiedMap(consensus);
  if (!map) return [];
  const side = (quotes: { expertId: string; matched: string }[]) => quotes.map((q) => `${q.expertId} (“${q.matched}”)`).join('; ');
  return map.claims
    .filter((claim) => claim.kind === 'contradiction')
    .map((claim) => `Contradiction: ${claim.text}. Asserted by ${side(claim.supportQuotes)}. Contradicted by ${side(claim.opposeQuotes)}.`);
}
