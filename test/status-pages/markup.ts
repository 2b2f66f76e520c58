import { createRequire } from "node:module";

/** Just the DOM this folder's tests read: the package has no DOM types and jsdom ships none. */
export type El = {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
};

type Jsdom = new (
  markup: string,
  options?: { contentType?: string },
) => { window: { document: El & { title: string } } };

const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: Jsdom };

/** Parsed as a browser would: a script element smuggled into the markup would show up as one. */
export const parseHtml = (html: string) => new JSDOM(html).window.document;

/** Parsed as XML; jsdom throws on markup that is not well-formed, so a broken feed fails the test here. */
export const parseXml = (xml: string) => new JSDOM(xml, { contentType: "application/xml" }).window.document;
