import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Model output (Markdown) as HTML for the Drive import. micromark escapes raw
 * HTML and drops dangerous link protocols by default. Images are turned off as
 * a construct, so `![x](https://host/?data=…)` becomes a plain link: Drive
 * would otherwise fetch that address while importing, calling a host chosen by
 * the model. Headings move down `headingOffset` levels so an answer's own "#"
 * sits below the report's section headings.
 */
export function markdownToSafeHtml(markdown: string, headingOffset = 0): string {
  const html = micromark(markdown, {
    extensions: [gfm(), { disable: { null: ['labelStartImage'] } }],
    htmlExtensions: [gfmHtml()],
  });
  if (headingOffset === 0) return html;
  // Raw HTML in the input is escaped above, so every <hN> here is one micromark wrote.
  return html.replace(/<(\/?)h([1-6])>/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + headingOffset)}>`);
}
