/**
 * A vocabulary file for `cms subjects import`: SKOS-style JSON (IPTC's own export: `conceptSet`
 * of concepts with `qcode` or `uri`, `prefLabel` as text or by language, `broader` as one or a list)
 * or CSV with a header naming `qcode` (or `code`), `prefLabel` (or `prefLabel_<lang>`, `name`) and
 * optionally `broader`. Concepts come out parents first, so each broader one exists when its
 * narrower ones are loaded. No database here: the CLI hands the concepts to the subjects service.
 */
export interface VocabularyConcept {
  code: string;
  name: string;
  broaderCode: string | null;
}

export class VocabularyError extends Error {}

const IPTC_URI = /^https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/(\d{8})$/;

/** `http://cv.iptc.org/newscodes/mediatopic/11000000` → `medtop:11000000`; anything else as it is. */
const codeOf = (value: string): string => {
  const match = IPTC_URI.exec(value.trim());
  return match ? `medtop:${match[1]}` : value.trim();
};

/** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"' && (quoted || field === '')) quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (quoted) throw new VocabularyError('a quoted CSV field is never closed');
  if (field !== '' || row.length) endRow();
  return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

function fromCsv(text: string): VocabularyConcept[] {
  const [header = [], ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const names = header.map((h) => h.trim());
  const column = (...candidates: RegExp[]) => names.findIndex((n) => candidates.some((c) => c.test(n)));
  const code = column(/^qcode$/i, /^code$/i, /^uri$/i);
  const label = column(/^preflabel$/i, /^preflabel_en/i, /^preflabel_/i, /^name$/i);
  const broader = column(/^broader$/i);
  if (code < 0 || label < 0)
    throw new VocabularyError('the CSV header must name a qcode (or code) and a prefLabel column');
  return rows.map((row, i) => concept(row[code], row[label], broader < 0 ? undefined : row[broader], `line ${i + 2}`));
}

type Label = string | Record<string, string> | undefined;
const ENGLISH = ['en-GB', 'en-US', 'en'];

function labelOf(label: Label): string | undefined {
  if (typeof label === 'string' || label === undefined) return label;
  const key = ENGLISH.find((lang) => typeof label[lang] === 'string') ?? Object.keys(label)[0];
  return key === undefined ? undefined : label[key];
}

function fromJson(text: string): VocabularyConcept[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new VocabularyError(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(document) ? document : (document as { conceptSet?: unknown })?.conceptSet;
  if (!Array.isArray(list)) throw new VocabularyError('the JSON must be a list of concepts or { "conceptSet": [...] }');
  return list.map((item, i) => {
    const entry = (item ?? {}) as { qcode?: unknown; uri?: unknown; prefLabel?: Label; broader?: unknown };
    const broader = Array.isArray(entry.broader) ? entry.broader[0] : entry.broader;
    const code = typeof entry.qcode === 'string' ? entry.qcode : entry.uri;
    return concept(
      typeof code === 'string' ? code : undefined,
      labelOf(entry.prefLabel),
      typeof broader === 'string' ? broader : undefined,
      `concept ${i + 1}`,
    );
  });
}

function concept(code: string | undefined, name: string | undefined, broader: string | undefined, where: string) {
  if (!code?.trim()) throw new VocabularyError(`${where}: no qcode`);
  if (!name?.trim()) throw new VocabularyError(`${where}: no prefLabel`);
  return { code: codeOf(code), name: name.trim(), broaderCode: broader?.trim() ? codeOf(broader) : null };
}

/** Parents before children; a concept named twice, or a loop among broader concepts, is an error. */
function parentsFirst(concepts: VocabularyConcept[]): VocabularyConcept[] {
  const byCode = new Map<string, VocabularyConcept>();
  for (const c of concepts) {
    if (byCode.has(c.code)) throw new VocabularyError(`${c.code} is in the file twice`);
    byCode.set(c.code, c);
  }
  const ordered: VocabularyConcept[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: VocabularyConcept) => {
    if (state.get(c.code) === 'done') return;
    if (state.get(c.code) === 'visiting') throw new VocabularyError(`${c.code} lies under itself`);
    state.set(c.code, 'visiting');
    const parent = c.broaderCode ? byCode.get(c.broaderCode) : undefined;
    if (parent) visit(parent);
    state.set(c.code, 'done');
    ordered.push(c);
  };
  concepts.forEach(visit);
  return ordered;
}

export function parseVocabulary(text: string, fileName: string): VocabularyConcept[] {
  const json = /\.json$/i.test(fileName) || /^\s*[[{]/.test(text);
  return parentsFirst(json ? fromJson(text) : fromCsv(text));
}
