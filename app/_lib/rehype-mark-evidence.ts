/**
 * A rehype plugin that marks the sentences backing a selected consensus
 * recommendation inside one rendered answer. The core reports evidence as
 * source text (Markdown included), while the page shows rendered text, so a
 * sentence is matched word by word, ignoring Markdown punctuation and
 * spacing. The matched text is wrapped in <mark>; where formatting splits it
 * across nodes (bold, a link, inline code), each piece gets its own <mark>, so
 * the quoted words are highlighted and nothing else. Each sentence carries a
 * stance: support is marked `evidence`, opposition `evidence-oppose`, with a
 * title saying which claim it backs or contradicts.
 */

/** A sentence to mark: plain text (support) or with its stance and title. */
export type EvidenceMark = string | { text: string; stance?: 'support' | 'oppose'; title?: string };

interface Pattern {
  pattern: RegExp;
  className: string;
  title: string | undefined;
}

interface Text {
  type: 'text';
  value: string;
}
interface Element {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: Node[];
}
type Node = Text | Element | { type: string; children?: Node[] };

const BLOCKS = new Set(['p', 'pre', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dd', 'dt']);

const isElement = (node: Node): node is Element => node.type === 'element';
const isText = (node: Node): node is Text => node.type === 'text';

/** The words of a sentence as a pattern that tolerates any whitespace between them. */
export function sentencePattern(sentence: string): RegExp | null {
  const plain = sentence
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) -> text
    .replace(/^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/gm, '') // list markers, headings, quotes
    // Emphasis and code markers go, without leaving a space ("**PostgreSQL**." reads "PostgreSQL.");
    // underscores inside a word (snake_case) stay.
    .replace(/(?<![\p{L}\p{N}])[*_`~]+|[*_`~]+(?![\p{L}\p{N}])|\*+/gu, '');
  const words = plain.split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'i');
}

function textOf(node: Node): string {
  if (isText(node)) return node.value;
  return 'children' in node && node.children ? node.children.map(textOf).join('') : '';
}

function containsBlock(node: Node): boolean {
  return 'children' in node && !!node.children?.some((child) => (isElement(child) && BLOCKS.has(child.tagName)) || containsBlock(child));
}

const mark = (value: string, p: Pattern): Element => ({
  type: 'element',
  tagName: 'mark',
  properties: p.title ? { className: [p.className], title: p.title } : { className: [p.className] },
  children: [{ type: 'text', value }],
});

interface Placed {
  node: Text;
  parent: Element | { type: string; children?: Node[] };
  /** Offset of the node's text in its block's text. */
  start: number;
}

/** The text nodes under `node` in reading order, with their offsets in the block's text (as textOf joins it). */
function placedTexts(node: Node, out: Placed[] = [], at = { offset: 0 }): Placed[] {
  if (!('children' in node) || !node.children) return out;
  for (const child of node.children) {
    if (isText(child)) {
      out.push({ node: child, parent: node, start: at.offset });
      at.offset += child.value.length;
    } else placedTexts(child, out, at);
  }
  return out;
}

/**
 * Marks the first match of `p` in the block. A match that formatting splits across
 * nodes ("Start with **PostgreSQL**.") is marked piece by piece, each piece of text
 * in its own <mark> inside the element that holds it, so only the quoted words are
 * highlighted, never the whole paragraph. False when the block's text has no match.
 */
function markInBlock(block: Element, p: Pattern): boolean {
  const found = p.pattern.exec(textOf(block));
  if (!found || found[0].length === 0) return false;
  const from = found.index;
  const to = from + found[0].length;
  for (const { node, parent, start } of placedTexts(block)) {
    const end = start + node.value.length;
    if (end <= from || start >= to) continue;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, end) - start;
    const parts: Node[] = [];
    if (a > 0) parts.push({ type: 'text', value: node.value.slice(0, a) });
    parts.push(mark(node.value.slice(a, b), p));
    if (b < node.value.length) parts.push({ type: 'text', value: node.value.slice(b) });
    const children = parent.children as Node[];
    children.splice(children.indexOf(node), 1, ...parts);
  }
  return true;
}

function visitBlocks(node: Node, visit: (block: Element) => void): void {
  if (isElement(node) && BLOCKS.has(node.tagName) && !containsBlock(node)) {
    visit(node);
    return;
  }
  if ('children' in node && node.children) for (const child of node.children) visitBlocks(child, visit);
}

/** A quote that spans paragraphs or list items is marked block by block. */
function patternsOf(item: EvidenceMark): Pattern[] {
  const { text, stance, title } = typeof item === 'string' ? { text: item, stance: 'support' as const, title: undefined } : item;
  const className = stance === 'oppose' ? 'evidence-oppose' : 'evidence';
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)/)
    .map(sentencePattern)
    .filter((p): p is RegExp => p !== null)
    .map((pattern) => ({ pattern, className, title }));
}

export function rehypeMarkEvidence(options: { sentences: readonly EvidenceMark[] }) {
  const patterns = options.sentences.flatMap(patternsOf);
  return (tree: unknown) => {
    if (patterns.length === 0) return;
    visitBlocks(tree as Node, (block) => {
      for (const p of patterns) markInBlock(block, p);
    });
  };
}
