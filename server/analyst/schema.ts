import { z } from 'zod';
import type { AnalystOutput } from '../core/types';
import type { JsonSchema, StructuredOutput } from '../providers/types';

/**
 * The analyst's output: the JSON Schema sent to the provider (strict: every field
 * required, nothing else allowed) and the parser of what comes back. The provider's
 * schema enforcement is not trusted: the text is parsed and checked here, with
 * bounds, before the core grounds it. Scripts keep working with the documented
 * minimum (answers[].expert/bottomLine, claims[].text/support/oppose): the other
 * fields are optional on the way in.
 */

const quote: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['expert', 'quote'],
  properties: {
    expert: { type: 'string', description: 'The letter of the answer.' },
    quote: { type: 'string', description: "A short verbatim quote from that answer (its own words, copied exactly)." },
  },
};

export const ANALYST_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['answers', 'claims'],
  properties: {
    answers: {
      type: 'array',
      description: 'One entry per answer.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['expert', 'bottomLine', 'quote', 'confidence'],
        properties: {
          expert: { type: 'string', description: 'The letter of the answer.' },
          bottomLine: { type: 'string', description: 'Its conclusion in a few words; identical wording for answers that reach the same conclusion.' },
          quote: { type: 'string', description: 'The verbatim sentence of the answer that states its conclusion.' },
          confidence: { type: 'number', description: 'How firmly the answer commits to its conclusion, 0 to 1.', minimum: 0, maximum: 1 },
        },
      },
    },
    claims: {
      type: 'array',
      description: 'The distinct claims or recommendations of the panel.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'support', 'oppose'],
        properties: {
          text: { type: 'string', description: 'The claim in one short sentence.' },
          support: { type: 'array', description: 'Answers that assert it, each with a verbatim quote.', items: quote },
          oppose: { type: 'array', description: 'Answers that contradict it, each with a verbatim quote.', items: quote },
        },
      },
    },
  },
};

export const ANALYST_OUTPUT: StructuredOutput = {
  name: 'record_panel_analysis',
  description: "Records each answer's bottom line and the panel's claims with verbatim supporting and opposing quotes.",
  schema: ANALYST_SCHEMA,
};

/** Bounds on what is read at all; the core has its own, stricter limits on what it grounds. */
const MAX_OUTPUT_CHARS = 2_000_000;
const MAX_ENTRIES = 1_000;
const MAX_TEXT = 4_000;

const quoteSchema = z.object({ expert: z.string().max(16), quote: z.string().max(MAX_TEXT) });
const outputSchema = z.object({
  answers: z
    .array(
      z.object({
        expert: z.string().max(16),
        bottomLine: z.string().max(MAX_TEXT),
        quote: z.string().max(MAX_TEXT).nullable().optional(),
        confidence: z.number().min(0).max(1).nullable().optional(),
      }),
    )
    .max(MAX_ENTRIES),
  claims: z
    .array(
      z.object({
        text: z.string().max(MAX_TEXT),
        support: z.array(quoteSchema).max(MAX_ENTRIES).default([]),
        oppose: z.array(quoteSchema).max(MAX_ENTRIES).default([]),
      }),
    )
    .max(MAX_ENTRIES),
});

/** The analyst's output could not be used: `reason` completes "the analyst …" for the page. */
export class AnalystOutputError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AnalystOutputError';
  }
}

/**
 * The JSON object in the analyst's text: the whole text, else the part between a Markdown
 * fence, else from the first "{" to the last "}" (models without schema support often
 * wrap JSON in prose or fences).
 */
export function extractJson(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  throw new AnalystOutputError('returned no readable JSON');
}

/** Parses and checks the analyst's text; throws AnalystOutputError with a reason a person can read. */
export function parseAnalystOutput(text: string): AnalystOutput {
  if (!text.trim()) throw new AnalystOutputError('returned nothing');
  if (text.length > MAX_OUTPUT_CHARS) throw new AnalystOutputError(`returned more than ${MAX_OUTPUT_CHARS.toLocaleString('en-US')} characters`);
  const parsed = outputSchema.safeParse(extractJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'its output';
    throw new AnalystOutputError(`returned output that does not fit the schema (${where}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}
