import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/lib/limits.js';
import { extractPlaceAndDate, findTrailingDate } from '../src/modules/story-format/caption-place-date.js';
import {
  headlineKey,
  type ParsedStory,
  parseStory,
  StoryParseError,
} from '../src/modules/story-format/story-format.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/stories/${name}`, import.meta.url), 'utf8');
}

function parseFixture(name: string): ParsedStory {
  return parseStory(fixture(name));
}

function parseError(text: string): StoryParseError {
  try {
    parseStory(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StoryParseError);
    return error as StoryParseError;
  }
  throw new Error('expected parseStory to throw StoryParseError');
}

describe('parseStory fixtures', () => {
  it('full.txt: every block', () => {
    const story = parseFixture('full.txt');
    expect(story.headline).toBe('Harbour bridge reopens after storm repairs');
    expect(story.body).toBe(
      [
        '<p>The Westhaven harbour bridge reopened to traffic on Monday, three weeks after a winter storm tore away part of its eastern railing.</p>',
        '<p>City engineers said the repairs cost 4.2 million euros, slightly less than first estimated, and that the span had passed two independent safety inspections.</p>',
        '<p>Commuters who had faced detours of up to 40 minutes welcomed the news. &quot;It&#39;s like getting an hour of my day back,&quot; said Maria Oduya, a nurse who crosses the bridge twice a day.</p>',
      ].join('\n'),
    );
    expect(story.captions).toEqual([
      {
        text: 'Workers fit new steel railings on the eastern side of the harbour bridge in Westhaven, near the port town of Kellsmouth, February 3, 2021',
        location: 'Westhaven, near the port town of Kellsmouth',
        takenOn: '2021-02-03',
      },
    ]);
    expect(story.source).toBe('Coastal Herald');
    expect(story.relatedHeadlines).toEqual([
      'Winter storm closes harbour bridge',
      'Kellsmouth ferry service suspended',
    ]);
  });

  it('multi-caption.txt: several captions, date formats, no related block', () => {
    const story = parseFixture('multi-caption.txt');
    expect(story.headline).toBe('Volunteers count migrating cranes at Lake Sorrel');
    expect(story.body).toBe(
      [
        '<p>Thousands of common cranes stopped at Lake Sorrel this week on their way south, giving volunteer birdwatchers their busiest weekend in a decade.</p>',
        '<p>Organisers said 212 people took part in the annual count, which recorded an estimated 18,400 birds.</p>',
      ].join('\n'),
    );
    expect(story.captions).toEqual([
      {
        text: 'Cranes take off at dawn from the shallows of Lake Sorrel in Marrowby, 12 October 2022',
        location: 'Marrowby',
        takenOn: '2022-10-12',
      },
      {
        // "in the reserve's north hide" has no capitalised word, so it is not taken as a place
        text: "A volunteer records numbers on a tally sheet in the reserve's north hide, Oct. 13, 2022",
        takenOn: '2022-10-13',
      },
      { text: 'An adult crane in flight above the reed beds' },
      {
        text: 'Birdwatchers gather at the visitor centre, Oct 13, 2022',
        takenOn: '2022-10-13',
      },
      {
        text: 'A juvenile crane feeds in a stubble field in Upper Marrowby, 2022-10-14',
        location: 'Upper Marrowby',
        takenOn: '2022-10-14',
      },
    ]);
    expect(story.source).toBe('Sorrel Valley News');
    expect(story.relatedHeadlines).toEqual([]);
  });

  it('crlf.txt: BOM, CRLF, extra blank lines, trailing whitespace, lowercase/uppercase markers', () => {
    const story = parseFixture('crlf.txt');
    expect(story.headline).toBe('Council approves new cycle lanes for city centre');
    expect(story.body).toBe(
      [
        '<p>Councillors voted 31 to 9 on Thursday to build 14 kilometres of protected cycle lanes through the city centre.</p>',
        '<p>Construction is due to begin in the spring &amp; finish before the end of next year.</p>',
      ].join('\n'),
    );
    expect(story.captions).toEqual([
      {
        text: 'A cyclist rides along Mill Street in Northbridge, 9 March 2023',
        location: 'Northbridge',
        takenOn: '2023-03-09',
      },
    ]);
    expect(story.source).toBeUndefined();
    expect(story.relatedHeadlines).toEqual(['Bus fares frozen for another year']);
  });

  it('minimal.txt: headline and body only', () => {
    const story = parseFixture('minimal.txt');
    expect(story.headline).toBe('Village shop saved by community buy-out');
    expect(story.body).toBe(
      '<p>Residents of Aldercombe have raised enough money to buy their village shop, which was due to close at the end of the month.</p>',
    );
    expect(story.captions).toEqual([]);
    expect(story.source).toBeUndefined();
    expect('source' in story).toBe(false);
    expect(story.relatedHeadlines).toEqual([]);
  });

  it('non-ascii.txt: keeps accented, Cyrillic and Arabic text and curly quotes', () => {
    const story = parseFixture('non-ascii.txt');
    expect(story.headline).toBe('Café in Zürich serves “Київ” borscht to curious locals');
    expect(story.body).toBe(
      [
        '<p>Olena Kovalenko opened her small café near the Limmat river last spring, naming it after her home city, Київ.</p>',
        '<p>She greets customers with “Привіт” and “مرحبا”, and says the crème fraîche she buys in Zürich is “almost as good as home”.</p>',
      ].join('\n'),
    );
    expect(story.captions).toEqual([
      {
        text: 'Olena Kovalenko serves borscht at her café in Zürich, 5 May 2023',
        location: 'Zürich',
        takenOn: '2023-05-05',
      },
    ]);
    expect(story.source).toBe('Limmat Bote');
    // the third line differs from the first only by ’ vs ' and is dropped as a duplicate
    expect(story.relatedHeadlines).toEqual([
      'Zürich’s food markets draw record crowds',
      '“Київ” café opens second branch',
    ]);
  });

  it('wrapped.txt: joins hard-wrapped body and caption lines with a space', () => {
    const story = parseFixture('wrapped.txt');
    expect(story.headline).toBe('Library extends opening hours during exam season');
    expect(story.body).toBe(
      [
        '<p>The central library in Fenwick will stay open until midnight on weekdays for the next six weeks, giving students a quiet place to revise before summer exams.</p>',
        '<p>Head librarian Tomas Reyes said the change followed a petition signed by more than 1,500 students, and that extra staff had been hired for the late shifts.</p>',
      ].join('\n'),
    );
    expect(story.captions).toEqual([
      {
        text: 'Students revise in the main reading room of the central library in Fenwick, May 2, 2024',
        location: 'Fenwick',
        takenOn: '2024-05-02',
      },
    ]);
    expect(story.source).toBeUndefined();
    expect(story.relatedHeadlines).toEqual(['Fenwick schools report record exam entries']);
  });
});

describe('parseStory bad fixtures', () => {
  it.each([
    ['empty.txt', /empty/],
    ['only-markers.txt', /only block markers/],
    ['headline-only.txt', /no body/],
  ])('bad/%s throws StoryParseError', (name, reason) => {
    const error = parseError(fixture(`bad/${name}`));
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(error.reason);
    expect(error.name).toBe('StoryParseError');
  });
});

describe('parseStory edge cases', () => {
  it('rejects whitespace-only input', () => {
    expect(parseError(' \r\n\t\n \u00a0\n').reason).toMatch(/only whitespace/);
  });

  it('rejects a lone BOM as empty', () => {
    expect(parseError('\uFEFF').reason).toMatch(/empty/);
  });

  it('rejects binary content (NUL bytes)', () => {
    expect(parseError('Headline\n\nBody\u0000\u0001text.\n').reason).toMatch(/binary/);
  });

  it('rejects a headline longer than 300 characters', () => {
    const reason = parseError(`${'x'.repeat(301)}\n\nBody text.\n`).reason;
    expect(reason).toMatch(/headline .* 301 characters/);
    expect(() => parseStory(`${'x'.repeat(300)}\n\nBody text.\n`)).not.toThrow();
  });

  it('rejects a body larger than 1 MiB', () => {
    const paragraph = `${'word '.repeat(2000).trim()}.`;
    const count = Math.ceil(MAX_BODY_BYTES / paragraph.length) + 1;
    const text = `Headline\n\n${Array.from({ length: count }, () => paragraph).join('\n\n')}\n`;
    expect(parseError(text).reason).toMatch(/body is \d+ bytes/);
  });

  it('rejects a marker where the headline should be', () => {
    expect(parseError('Related Articles\n\nSome story\n').reason).toMatch(/first line is the block marker/);
    expect(parseError('PHOTO CAPTION Related Articles\n').reason).toMatch(/only block markers/);
  });

  it('rejects a story whose only content after the headline is a caption block', () => {
    expect(parseError('Headline\n\nPHOTO CAPTION\n\nA caption, May 1, 2020\n').reason).toMatch(/no body/);
  });

  it('handles lone CR line endings', () => {
    const story = parseStory('Headline\r\rHeadline\r\rFirst\rline.\r\rRelated Articles\rOther story\r');
    expect(story.headline).toBe('Headline');
    expect(story.body).toBe('<p>First line.</p>');
    expect(story.relatedHeadlines).toEqual(['Other story']);
  });

  it('keeps a body line that directly follows the headline', () => {
    const story = parseStory('Headline\nBody straight after the headline.\n');
    expect(story.body).toBe('<p>Body straight after the headline.</p>');
  });

  it('escapes HTML in body text', () => {
    const story = parseStory('Headline\n\nA <script>alert("x")</script> & \'quotes\' > here.\n');
    expect(story.body).toBe(
      '<p>A &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &gt; here.</p>',
    );
  });

  it('leaves headline, captions, source and related headlines as plain text', () => {
    const story = parseStory('A & B <win>\n\nBody.\n\nPHOTO CAPTION\n\nA & B, 2020-01-02\n\nR&D Wire\n');
    expect(story.headline).toBe('A & B <win>');
    expect(story.captions).toEqual([{ text: 'A & B, 2020-01-02', takenOn: '2020-01-02' }]);
    expect(story.source).toBe('R&D Wire');
  });

  it('accepts markers in any case and with a trailing colon', () => {
    const story = parseStory('H\n\nBody.\n\nphoto CAPTION:\n\nCap\n\nrelated articles:\nOne\n');
    expect(story.captions).toEqual([{ text: 'Cap' }]);
    expect(story.relatedHeadlines).toEqual(['One']);
  });

  describe('source line', () => {
    it('takes a short last body line as source when there is no caption block', () => {
      const story = parseStory('Headline\n\nFirst paragraph.\n\nWire Agency\n\nRelated Articles\nOther\n');
      expect(story.source).toBe('Wire Agency');
      expect(story.body).toBe('<p>First paragraph.</p>');
    });

    it('does not take the only body paragraph as source', () => {
      const story = parseStory('Headline\n\nWire Agency\n');
      expect(story.source).toBeUndefined();
      expect(story.body).toBe('<p>Wire Agency</p>');
    });

    it('does not take the only caption as source', () => {
      const story = parseStory('Headline\n\nBody.\n\nPHOTO CAPTION\n\nHarbour at night\n');
      expect(story.source).toBeUndefined();
      expect(story.captions).toEqual([{ text: 'Harbour at night' }]);
    });

    it.each([
      ['ends with a full stop', 'The vote is on Friday.'],
      ['ends with a quote', 'He said "no"'],
      ['is a question', 'What next?'],
      ['is longer than 60 characters', 'A'.repeat(61)],
      ['ends with a date', 'Harbour at night, May 1, 2020'],
    ])('ignores a last line that %s', (_why, line) => {
      const story = parseStory(`Headline\n\nFirst paragraph.\n\n${line}\n`);
      expect(story.source).toBeUndefined();
    });

    it('ignores a hard-wrapped (multi-line) last paragraph', () => {
      expect(parseStory('Headline\n\nFirst paragraph.\n\nWire\nAgency\n').source).toBeUndefined();
    });
  });

  it('removes duplicate related headlines, keeping order and first spelling', () => {
    const story = parseStory('H\n\nBody.\n\nRelated Articles\n\nB story\nA story\n- b  story\n“A story”\n---\n');
    expect(story.relatedHeadlines).toEqual(['B story', 'A story']);
  });
});

describe('headlineKey', () => {
  it('lowercases, collapses whitespace and trims', () => {
    expect(headlineKey('  Harbour   Bridge\tReopens  ')).toBe('harbour bridge reopens');
  });

  it('strips surrounding quotes and punctuation, keeps inner punctuation', () => {
    expect(headlineKey('“Talks fail,” says minister.')).toBe('talks fail," says minister');
    expect(headlineKey("'U.S.-Russia talks fail'")).toBe('u.s.-russia talks fail');
    expect(headlineKey('Why now?')).toBe('why now');
  });

  it('applies NFKC and unifies typographic quotes and dashes', () => {
    expect(headlineKey('Ｆｕｌｌｗｉｄｔｈ ﬁnal')).toBe('fullwidth final');
    expect(headlineKey('Zürich’s “best” café — review')).toBe(headlineKey('Zürich\'s "best" café - review'));
    expect(headlineKey('Cafe\u0301')).toBe(headlineKey('Café'));
  });

  it('keeps non-Latin scripts', () => {
    expect(headlineKey('«Київ» ПЕРЕМАГАЄ')).toBe('київ" перемагає');
  });

  it('returns an empty key for punctuation-only input', () => {
    expect(headlineKey(' -- ')).toBe('');
  });
});

describe('caption dates and places', () => {
  it.each([
    ['March 14, 2014'],
    ['14 March 2014'],
    ['Mar 14, 2014'],
    ['Mar. 14, 2014'],
    ['March 14 2014'],
    ['March 14th, 2014'],
    ['14 Mar, 2014'],
    ['2014-03-14'],
    ['march 14, 2014.'],
  ])('parses a trailing "%s"', (date) => {
    expect(findTrailingDate(`Boats in the harbour, ${date}`)?.date).toBe('2014-03-14');
    expect(extractPlaceAndDate(`Boats in Kellsmouth, ${date}`)).toEqual({
      location: 'Kellsmouth',
      takenOn: '2014-03-14',
    });
  });

  it.each([
    ['a date that does not exist', 'Boats, February 30, 2014'],
    ['a month that is not a month', 'Boats, Foo 14, 2014'],
    ['an invalid ISO date', 'Boats, 2014-13-01'],
    ['a date that is not at the end', 'On March 14, 2014 boats left'],
    ['a date glued to a word', 'Boats at pier2014-03-14'],
  ])('ignores %s', (_why, caption) => {
    expect(findTrailingDate(caption)).toBeUndefined();
    expect(extractPlaceAndDate(caption)).toEqual({});
  });

  it('takes the phrase after the last " in " before the date as location', () => {
    expect(
      extractPlaceAndDate(
        'Armed guards walk outside a depot in Perevalnoye, near the city of Simferopol, March 14, 2014',
      ),
    ).toEqual({ location: 'Perevalnoye, near the city of Simferopol', takenOn: '2014-03-14' });
  });

  it('drops a weekday and "on" between place and date', () => {
    expect(extractPlaceAndDate('Crowds gather in Kyiv, Ukraine, Friday, March 14, 2014').location).toBe(
      'Kyiv, Ukraine',
    );
    expect(extractPlaceAndDate('Crowds gather in Kyiv on Friday, March 14, 2014').location).toBe('Kyiv');
    expect(extractPlaceAndDate('Crowds gather in Kyiv March 14, 2014').location).toBe('Kyiv');
  });

  it('gives no location when there is no "in", no capitalised word, or the phrase is too long', () => {
    expect(extractPlaceAndDate('Kerry meets Lavrov, London, March 14, 2014')).toEqual({
      takenOn: '2014-03-14',
    });
    expect(extractPlaceAndDate('A man walks in the rain, March 14, 2014').location).toBeUndefined();
    expect(
      extractPlaceAndDate(
        'Police in riot gear push back a crowd of protesters who had gathered since dawn near the old Town Hall, March 14, 2014',
      ).location,
    ).toBeUndefined();
  });

  it('gives no location without a trailing date', () => {
    expect(extractPlaceAndDate('Boats in Kellsmouth harbour')).toEqual({});
  });
});

// Inputs that once made the parser's regexes backtrack for minutes: they must simply finish
// (the test timeout catches a relapse; speed itself is measured in bench/, not here).
describe('pathological input does not hang the parser', () => {
  it.each([
    [
      'a long comma run before a caption date',
      () => extractPlaceAndDate(`Boats in X${',;'.repeat(50_000)}y, March 14, 2014`),
    ],
    ['a long punctuation run inside a headline key', () => headlineKey(`a${'.'.repeat(100_000)}b`)],
    [
      'a headline made of many markers',
      () => parseStory(`PHOTO CAPTION${' PHOTO CAPTION\u00a0\u00a0'.repeat(20_000)}x\n\nBody.`),
    ],
    ['a month name followed by a long whitespace run', () => extractPlaceAndDate(`Mar${'\u00a0'.repeat(100_000)}x`)],
  ])('%s', { timeout: 5000 }, (_what, run) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(StoryParseError);
    }
  });
});

describe('parseStory properties', () => {
  it('either returns a well-formed story or throws StoryParseError', () => {
    const lines = fc.constantFrom(
      'Head',
      'Body text.',
      '',
      ' ',
      'PHOTO CAPTION',
      'Related Articles',
      'x, May 1, 2020',
      '<b>&',
    );
    const input = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(lines, { maxLength: 30 }).map((l) => l.join('\n')),
    );
    fc.assert(
      fc.property(input, (text) => {
        try {
          const story = parseStory(text);
          expect(story.headline.length).toBeGreaterThan(0);
          expect(story.body).toMatch(/^<p>[^<>]*<\/p>(?:\n<p>[^<>]*<\/p>)*$/);
        } catch (error) {
          expect(error).toBeInstanceOf(StoryParseError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips generated stories', () => {
    const word = fc.stringMatching(/^[A-Za-z][a-z]{1,8}$/);
    const sentence = fc.array(word, { minLength: 3, maxLength: 12 }).map((w) => `${w.join(' ')}.`);
    fc.assert(
      fc.property(word, fc.array(sentence, { minLength: 1, maxLength: 5 }), (head, paragraphs) => {
        const headline = `${head} news today`;
        const story = parseStory(`${headline}\r\n\r\n${paragraphs.join('\r\n\r\n')}\r\n`);
        expect(story.headline).toBe(headline);
        expect(story.body).toBe(paragraphs.map((p) => `<p>${p}</p>`).join('\n'));
        expect(story.captions).toEqual([]);
        expect(story.relatedHeadlines).toEqual([]);
      }),
    );
  });
});
