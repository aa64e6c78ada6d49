/**
 * A rehype plugin that marks the sentences backing a selected consensus
 * recommendation inside one rendered answer. The core reports evidence as
 * source text (Markdown included), while the page shows rendered text, so a
 * sentence is matched word by word, ignoring Markdown punctuation and
 * spacing. Where it sits inside one text node it is wrapped in <mark>;
 * where formatting splits it across nodes, its whole block is marked instead.
 * Each sentence carries a stance: support is marked `evidence`, opposition
 * `evidence-oppose` (blocks `evidence-block` / `evidence-oppose-block`), with
 * a title saying which claim it backs or contradicts.
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

const BLOCKS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dd', 'dt']);

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

/** Wraps the first match inside a single text node under `node`; false when none holds it whole. */
function wrapInTextNode(node: Node, p: Pattern): boolean {
  const { pattern } = p;
  if (!('children' in node) || !node.children) return false;
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i] as Node;
    if (isText(child)) {
      const found = pattern.exec(child.value);
      if (!found) continue;
      const start = found.index;
      const end = start + found[0].length;
      const parts: Node[] = [];
      if (start > 0) parts.push({ type: 'text', value: child.value.slice(0, start) });
      parts.push(mark(found[0], p));
      if (end < child.value.length) parts.push({ type: 'text', value: child.value.slice(end) });
      node.children.splice(i, 1, ...parts);
      return true;
    }
    if (wrapInTextNode(child, p)) return true;
  }
  return false;
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
      for (const p of patterns) {
        if (!p.pattern.test(textOf(block))) continue;
        if (!wrapInTextNode(block, p)) {
          const classes = Array.isArray(block.properties.className) ? block.properties.className : [];
          block.properties.className = [...classes, `${p.className}-block`];
          if (p.title && !block.properties.title) block.properties.title = p.title;
        }
      }
    });
  };
}
