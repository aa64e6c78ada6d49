/**
 * A rehype plugin that marks the sentences backing a selected consensus
 * recommendation inside one rendered answer. The core reports evidence as
 * source text (Markdown included), while the page shows rendered text, so a
 * sentence is matched word by word, ignoring Markdown punctuation and
 * spacing. Where it sits inside one text node it is wrapped in <mark>;
 * where formatting splits it across nodes, its whole block is marked instead.
 */

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
    .replace(/[*_`~]+/g, ' ');
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

const mark = (value: string): Element => ({
  type: 'element',
  tagName: 'mark',
  properties: { className: ['evidence'] },
  children: [{ type: 'text', value }],
});

/** Wraps the first match inside a single text node under `node`; false when none holds it whole. */
function wrapInTextNode(node: Node, pattern: RegExp): boolean {
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
      parts.push(mark(found[0]));
      if (end < child.value.length) parts.push({ type: 'text', value: child.value.slice(end) });
      node.children.splice(i, 1, ...parts);
      return true;
    }
    if (wrapInTextNode(child, pattern)) return true;
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

export function rehypeMarkEvidence(options: { sentences: readonly string[] }) {
  const patterns = options.sentences.map(sentencePattern).filter((p): p is RegExp => p !== null);
  return (tree: unknown) => {
    if (patterns.length === 0) return;
    visitBlocks(tree as Node, (block) => {
      for (const pattern of patterns) {
        if (!pattern.test(textOf(block))) continue;
        if (!wrapInTextNode(block, pattern)) {
          const classes = Array.isArray(block.properties.className) ? block.properties.className : [];
          block.properties.className = [...classes, 'evidence-block'];
        }
      }
    });
  };
}
