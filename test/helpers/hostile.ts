import fc from 'fast-check';

/** Hostile text: binary, graphemes, characters databases and parsers disagree about, ids of the fixture (`ids`, filled later). */
export const hostileText = (ids: string[]) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    // Characters that databases, parsers and escapers disagree about.
    {
      weight: 3,
      arbitrary: fc.string({
        unit: fc.constantFrom('a', 'é', ' ', '\u0000', '\uD800', '\uDC00', '\u202E', '\uFFFE', '"', '\\', '<', '&'),
        minLength: 1,
        maxLength: 12,
      }),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\u0000',
        'a\u0000b',
        '\uD800',
        'x\uDFFF',
        '\u202Eevil',
        '🧨🗞️',
        'NaN',
        'Infinity',
        '-0',
        '1e308',
        'null',
        'true',
        '__proto__',
        'constructor',
        '<script>alert(1)</script>',
        "'; DROP TABLE articles; --",
        '2014-03-14T12:00:00Z',
        '2024-02-30T25:61:00Z',
        '9999-12-31T23:59:59.999Z',
        '0000-01-01T00:00:00Z',
        '-271821-04-20T00:00:00Z',
        'https://images.example.com/a.jpg',
        'javascript:alert(1)',
        'en',
        'pt-BR',
        'zz-ZZZZZZZZZ',
        'related',
        'editor',
        'admin',
        'correction',
        '"v1"',
        '../../etc/passwd',
        '%00',
        'a'.repeat(301),
      ),
    },
    fc.uuid(),
    // The fixture's ids, known only once beforeAll has run.
    fc.constant(null).chain(() => fc.constantFrom(...ids)),
    fc.integer({ min: 1000, max: 400_000 }).map((n) => 'x'.repeat(n)),
  );

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.5',
  '1e308',
  '-1e308',
  '1e309',
  '-1e309',
  '9007199254740993',
  '1e-400',
  '123456789012345678901234567890',
];

/** JSON texts, built as text so they can hold what JSON.stringify never writes: 1e309, duplicate or __proto__ keys. */
export function hostileJsonText(text: fc.Arbitrary<string>, fields: string[]) {
  const key = fc.oneof(
    { weight: 5, arbitrary: fields.length ? fc.constantFrom(...fields) : fc.constant('headline') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version', 'status', 'toString', ''),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const { value } = fc.letrec<{ value: string; object: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      text.map((s) => JSON.stringify(s)),
      fc.constantFrom(...NUMBERS, 'true', 'false', 'null', '[]', '{}'),
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc.integer({ min: 50, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      tie('object'),
    ),
    object: fc
      .array(fc.tuple(key, tie('value')), { maxLength: 6 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  const object = fc
    .array(fc.tuple(key, value), { minLength: 1, maxLength: 8 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
  // Bodies of known fields with string values: shaped well enough to reach the services and the database.
  const plausible = fields.length
    ? fc
        .dictionary(
          fc.constantFrom(...fields),
          fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) }, text),
          { minKeys: 1, maxKeys: 2 },
        )
        .map((v) => JSON.stringify(v))
    : fc.constant('{}');
  return fc.oneof(
    { weight: 6, arbitrary: plausible },
    { weight: 6, arbitrary: object },
    { weight: 2, arbitrary: value },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"headline":"a","headline":"b"}',
        '',
        ' ',
        '{',
        '{"headline":',
        'null',
        '"just a string"',
        '\u0000',
        '{"a":1}garbage',
        '\uFEFF{}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}
