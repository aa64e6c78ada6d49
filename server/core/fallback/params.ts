/**
 * The engine's constants and word lists, read from native/core/data/consensus.json,
 * the one copy that native/core/src/params.rs embeds too (docs/consensus.md).
 */
import data from '../../../native/core/data/consensus.json';

type UnitEntry = [string, number];

export const THRESHOLDS = data.thresholds;
export const LIMITS = data.limits;

const byLength = (words: readonly string[]): string[] => [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** Longest first, so "the short answer" is tried before "answer". */
export const CONCLUSION_MARKERS: readonly string[] = byLength(data.conclusionMarkers);
export const LEAD_INS: readonly string[] = byLength(data.leadIns);
/** Words that open a heading stating a choice ("## Use channels 1, 6 and 11"). */
export const CHOICE_LEADS: readonly string[] = byLength(data.choiceLeads);
export const HEDGES: ReadonlySet<string> = new Set(data.hedges);
export const YES_WORDS: ReadonlySet<string> = new Set(data.yesWords);
export const NO_WORDS: ReadonlySet<string> = new Set(data.noWords);
export const CONDITION_CUES: readonly string[] = byLength(data.conditionCues);
export const ALTERNATIVE_FRAMES: ReadonlySet<string> = new Set(data.alternativeFrames);
export const FILLER_PROTOTYPES: readonly string[] = data.fillerPrototypes;
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(data.numberWords));
export const SCALE_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(data.scaleWords));
export const FRACTION_WORDS: ReadonlyMap<string, number> = new Map(Object.entries(data.fractionWords));
export const MULTIPLIER_SUFFIXES: ReadonlyMap<string, number> = new Map(Object.entries(data.multiplierSuffixes));
export const MONTH_NAMES: ReadonlySet<string> = new Set(data.monthNames);
export const CURRENCIES: ReadonlyMap<string, string> = new Map(Object.entries(data.currencies));
export const UNITS: ReadonlyMap<string, UnitEntry> = new Map(Object.entries(data.units as unknown as Record<string, UnitEntry>));
export const PER_WORDS: ReadonlySet<string> = new Set(data.perWords);
/** Words that open an introductory phrase before a comma ("For a laptop at this price, ..."). */
export const INTRO_WORDS: ReadonlySet<string> = new Set(data.introWords);
export const ENTITY_CONNECTORS: ReadonlySet<string> = new Set(data.entityConnectors);
