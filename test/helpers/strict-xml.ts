import { SaxesParser, type SaxesTagNS } from 'saxes';

/** An element as a conforming XML 1.0 parser reads it: attributes by qualified name, text and CDATA joined. */
export interface XmlElement {
  name: string;
  /** The namespace the element is in. */
  uri: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * Parses with saxes, a conforming XML 1.0 + namespaces parser: an unescaped `<` or `&`, a character
 * XML forbids, `]]>` in text, an undeclared prefix or a duplicate attribute throws. (fast-xml-parser's
 * XMLValidator lets most of these through.)
 */
export function strictXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element: XmlElement = {
      name: tag.name,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (chunk: string) => {
    const current = stack.at(-1);
    if (current) current.text += chunk;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.write(text).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return root;
}

/** The child elements of `element` named `name`. */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] =>
  element.children.filter((child) => child.name === name);

/** The one child element named `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>`);
  return found[0] as XmlElement;
}

/** Text as an XML parser reads it back: line ends become \n. */
export const asXmlText = (text: string): string => text.replace(/\r\n?/g, '\n');

/** An attribute value as an XML parser reads it back: line ends, tabs and newlines become spaces. */
export const asXmlAttribute = (text: string): string => asXmlText(text).replace(/[\t\n]/g, ' ');
