import { MAX_HEADLINE_CHARS, MAX_RELATED_LINKS } from '../../lib/limits.js';
import { type ArticleCreate, ArticleCreateSchema } from '../articles/articles.schemas.js';
import { importKeyOf } from './import-key.js';
import { headlineKey, parseStory, StoryParseError } from './story-format.js';

export interface RelatedTitle {
  headline: string;
  key: string;
  /** Index in the story's "Related Articles" block. */
  position: number;
}

/** A story file parsed and checked against the article rules, ready to be written. */
export interface PreparedStory {
  input: ArticleCreate;
  importKey: string;
  headlineKey: string;
  related: RelatedTitle[];
}

/**
 * Parses a story file and checks it as the API checks a new article (which sanitises the body);
 * throws StoryParseError with the reason. Pure, so it can run in a worker thread.
 */
export function prepareStory(text: string, sourceOverride?: string): PreparedStory {
  const parsed = parseStory(text);
  const checked = ArticleCreateSchema.safeParse({
    headline: parsed.headline,
    body: parsed.body,
    source: sourceOverride ?? parsed.source ?? null,
    captions: parsed.captions,
  });
  if (!checked.success) {
    throw new StoryParseError(
      checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  checkRelatedTitles(parsed.relatedHeadlines);
  const ownKey = headlineKey(parsed.headline);
  const related = parsed.relatedHeadlines
    .map((headline, position) => ({ headline, key: headlineKey(headline), position }))
    .filter((title) => title.key !== ownKey);
  return { input: checked.data, importKey: importKeyOf(text), headlineKey: ownKey, related };
}

/** As many related headlines as a story may have links, each no longer than a headline may be. */
function checkRelatedTitles(titles: string[]): void {
  if (titles.length > MAX_RELATED_LINKS) {
    throw new StoryParseError(`"Related Articles" lists ${titles.length} headlines, more than ${MAX_RELATED_LINKS}`);
  }
  const long = titles.findIndex((title) => title.length > MAX_HEADLINE_CHARS);
  if (long >= 0) {
    throw new StoryParseError(
      `related headline ${long + 1} is ${(titles[long] as string).length} characters long, more than ${MAX_HEADLINE_CHARS}`,
    );
  }
}

/** A prepared story, or why the text is not one. */
export function tryPrepareStory(text: string, sourceOverride?: string): PreparedStory | { failed: string } {
  try {
    return prepareStory(text, sourceOverride);
  } catch (error) {
    if (error instanceof StoryParseError) return { failed: error.reason };
    throw error;
  }
}
