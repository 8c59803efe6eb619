// Reading pages as a browser does: parse5 builds the tree that WHATWG's HTML parser would (html,
// head and body tags are optional, entities are decoded, a raw quote between tags is just text),
// so the specs judge what a reader sees and which elements exist, never the spelling of the source.
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';

export type HtmlElement = T.Element;
export type HtmlDocument = T.Document;
type HtmlNode = T.ChildNode | T.Document | T.DocumentFragment;

/** The document a browser builds from `html`; never throws (every string is some HTML document). */
export function parseHtml(html: string): HtmlDocument {
  return parse(html, { sourceCodeLocationInfo: true });
}

function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

function childrenOf(node: HtmlNode): T.ChildNode[] {
  // <template> keeps its children in a fragment of its own, which a browser does not render.
  return 'childNodes' in node ? node.childNodes : [];
}

/** Every element below `root`, in document order. */
export function allElements(root: HtmlNode): HtmlElement[] {
  const found: HtmlElement[] = [];
  const walk = (node: HtmlNode) => {
    for (const child of childrenOf(node)) {
      if (isElement(child)) found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** The elements below `root` with this tag name (lowercase, as the parser gives it). */
export function byTag(root: HtmlNode, tag: string): HtmlElement[] {
  return allElements(root).filter((el) => el.tagName === tag);
}

/** The value of an attribute, or undefined when the element has none. */
export function attribute(el: HtmlElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Whether the element's class attribute holds `name` among its space-separated classes. */
export function hasClass(el: HtmlElement, name: string): boolean {
  return (attribute(el, 'class') ?? '').split(/[\t\n\f\r ]+/).includes(name);
}

/** The elements below `root` with this class. */
export function byClass(root: HtmlNode, name: string): HtmlElement[] {
  return allElements(root).filter((el) => hasClass(el, name));
}

const HIDDEN = new Set(['script', 'style', 'template', 'head', 'title']);

/**
 * The text a reader sees in `root`: entities decoded, runs of whitespace shown as one space,
 * each <br> a line break, script and style left out (close to innerText, without CSS).
 */
export function visibleText(root: HtmlNode): string {
  let text = '';
  const walk = (node: HtmlNode) => {
    for (const child of childrenOf(node)) {
      if (child.nodeName === '#text') text += (child as T.TextNode).value.replace(/[\t\n\f\r ]+/g, ' ');
      else if (isElement(child)) {
        if (child.tagName === 'br') text += '\n';
        else if (!HIDDEN.has(child.tagName)) walk(child);
      }
    }
  };
  walk(root);
  return text
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').trim())
    .join('\n')
    .trim();
}

/** The text of the document's <title>, trimmed; undefined when it has none. */
export function titleText(doc: HtmlDocument): string | undefined {
  const title = byTag(doc, 'title')[0];
  if (!title) return undefined;
  return childrenOf(title)
    .map((c) => (c.nodeName === '#text' ? (c as T.TextNode).value : ''))
    .join('')
    .trim();
}

/** The source text the parser read for an element (its outer HTML as sent), for failure messages. */
export function sourceOf(el: HtmlElement, html: string): string {
  const where = el.sourceCodeLocation;
  if (!where) return '';
  return html.slice(where.startOffset, where.endOffset);
}

/** The source text of an element's content (between its start and end tags), as sent. */
export function innerSourceOf(el: HtmlElement, html: string): string {
  const where = el.sourceCodeLocation;
  if (!where?.startTag) return '';
  return html.slice(where.startTag.endOffset, where.endTag?.startOffset ?? where.endOffset);
}

/**
 * What in `el` a visitor's text could have made: every element below it other than <br>, and
 * every attribute on those. A message shown as text has none.
 */
export function markupInside(el: HtmlElement): string[] {
  return allElements(el)
    .filter((child) => child.tagName !== 'br')
    .map((child) => `<${child.tagName}${child.attrs.map((a) => ` ${a.name}`).join('')}>`);
}
