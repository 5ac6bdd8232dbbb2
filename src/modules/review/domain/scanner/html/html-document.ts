import { decodeCharacterReferences } from './character-references';

/**
 * Just enough of the HTML tokenizer to find elements, their attributes and the text of raw-text
 * elements (<script>, <style>), with offsets into the file for findings. It follows the browser
 * where that matters to review: comments, case-insensitive names, unquoted values, character
 * references in attribute values, and `</script` ending a script whatever its content.
 */

export interface HtmlAttribute {
  /** Lower-cased. */
  readonly name: string;
  /** With character references decoded. */
  readonly value: string;
  /** As written in the file. */
  readonly rawValue: string;
  /** Offset of the value (or of the name, for an attribute without a value). */
  readonly valueStart: number;
}

export interface HtmlElement {
  /** Lower-cased. */
  readonly name: string;
  readonly start: number;
  readonly attributes: readonly HtmlAttribute[];
  /** The content of a raw-text element (<script>, <style>, …). */
  readonly text?: { readonly content: string; readonly start: number };
}

const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
]);

export function readHtml(html: string): HtmlElement[] {
  const elements: HtmlElement[] = [];
  const length = html.length;
  let position = 0;
  while (position < length) {
    const open = html.indexOf('<', position);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const close = html.indexOf('-->', open + 4);
      position = close < 0 ? length : close + 3;
      continue;
    }
    const next = html.charCodeAt(open + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || next === 0x2f /* / */) {
      const close = html.indexOf('>', open + 2);
      position = close < 0 ? length : close + 1;
      continue;
    }
    if (!isAsciiLetter(next)) {
      position = open + 1;
      continue;
    }
    const tag = readStartTag(html, open);
    position = tag.end;
    if (RAW_TEXT_ELEMENTS.has(tag.name)) {
      const close = findEndTag(html, tag.name, position);
      const element: HtmlElement = {
        name: tag.name,
        start: open,
        attributes: tag.attributes,
        text: { content: html.slice(position, close), start: position },
      };
      elements.push(element);
      const closeEnd = html.indexOf('>', close);
      position = closeEnd < 0 ? length : closeEnd + 1;
    } else {
      elements.push({ name: tag.name, start: open, attributes: tag.attributes });
    }
  }
  return elements;
}

function readStartTag(html: string, open: number): { name: string; attributes: HtmlAttribute[]; end: number } {
  const length = html.length;
  let position = open + 1;
  while (position < length && !isSpace(html.charCodeAt(position)) && html[position] !== '/' && html[position] !== '>')
    position++;
  const name = html.slice(open + 1, position).toLowerCase();
  const attributes: HtmlAttribute[] = [];
  for (;;) {
    while (position < length && (isSpace(html.charCodeAt(position)) || html[position] === '/')) position++;
    if (position >= length) return { name, attributes, end: length };
    if (html[position] === '>') return { name, attributes, end: position + 1 };
    const nameStart = position;
    position++; // an attribute name may start with '='
    while (position < length && !isSpace(html.charCodeAt(position)) && !'/>='.includes(html[position])) position++;
    const attributeName = html.slice(nameStart, position).toLowerCase();
    let afterName = position;
    while (afterName < length && isSpace(html.charCodeAt(afterName))) afterName++;
    if (html[afterName] !== '=') {
      attributes.push({ name: attributeName, value: '', rawValue: '', valueStart: nameStart });
      continue;
    }
    position = afterName + 1;
    while (position < length && isSpace(html.charCodeAt(position))) position++;
    const quote = html[position];
    let valueStart: number;
    let valueEnd: number;
    if (quote === '"' || quote === "'") {
      valueStart = position + 1;
      const close = html.indexOf(quote, valueStart);
      valueEnd = close < 0 ? length : close;
      position = close < 0 ? length : close + 1;
    } else {
      valueStart = position;
      while (position < length && !isSpace(html.charCodeAt(position)) && html[position] !== '>') position++;
      valueEnd = position;
    }
    const rawValue = html.slice(valueStart, valueEnd);
    attributes.push({ name: attributeName, value: decodeCharacterReferences(rawValue), rawValue, valueStart });
  }
}

/** Offset of `</name` (any case) closing a raw-text element, or the end of the file. */
function findEndTag(html: string, name: string, from: number): number {
  const pattern = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  return match ? match.index : html.length;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}
