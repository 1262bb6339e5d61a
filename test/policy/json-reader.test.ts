import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonNode, pointerSegment, readJson } from '../../src/policy/json-reader.js';

/** Back to plain JavaScript, to compare the reader with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'array':
      return node.items.map(plain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const m of node.members) {
        Object.defineProperty(out, m.key, {
          value: plain(m.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'null':
      return null;
    default:
      return node.value;
  }
}

const read = (text: string) => readJson(text);

describe('readJson: values (RFC 8259)', () => {
  it.each([
    ['{}', {}],
    ['[]', []],
    ['"a"', 'a'],
    ['0', 0],
    ['-0.5e+3', -500],
    ['true', true],
    ['false', false],
    ['null', null],
    [' \t\r\n{ "a" : [ 1 , "x" , null ] } \n', { a: [1, 'x', null] }],
    ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\/\b\f\n\r\t'],
    ['"\\u00e9\\u2603\\ud83d\\ude00"', 'é☃😀'],
    ['{"__proto__": 1}', JSON.parse('{"__proto__": 1}')],
  ])('%s', (text, expected) => {
    const r = read(text);
    expect(r.errors).toEqual([]);
    expect(plain(r.value as JsonNode)).toEqual(expected);
  });

  it('keeps the source text of numbers', () => {
    const r = read('[1.50, -0, 1E2, 12345678901234567890]');
    const items = r.value?.kind === 'array' ? r.value.items : [];
    expect(items.map((n) => (n.kind === 'number' ? n.raw : ''))).toEqual([
      '1.50',
      '-0',
      '1E2',
      '12345678901234567890',
    ]);
  });
});

describe('readJson: positions', () => {
  it('gives the line and column of values and keys', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow"}\n  ]\n}';
    const r = read(text);
    const root = r.value;
    if (root?.kind !== 'object') throw new Error('expected an object');
    const [version, statement] = root.members;
    expect(version?.keyPosition).toMatchObject({ line: 2, column: 3 });
    expect(version?.value).toMatchObject({ line: 2, column: 14 });
    const st = statement?.value;
    if (st?.kind !== 'array') throw new Error('expected an array');
    expect(st.items[0]).toMatchObject({ line: 4, column: 5 });
    expect(root).toMatchObject({ line: 1, column: 1, offset: 0 });
  });

  it('counts columns after CRLF line ends', () => {
    const r = read('{\r\n"a":\r\n  1}');
    const root = r.value;
    if (root?.kind !== 'object') throw new Error('expected an object');
    expect(root.members[0]?.value).toMatchObject({ line: 3, column: 3 });
  });

  it('points at the offending character of a syntax error', () => {
    const r = read('{\n  "a": 1,\n  "b": tru\n}');
    expect(r.value).toBeUndefined();
    expect(r.errors[0]).toMatchObject({ kind: 'syntax', line: 3, column: 8 });
  });
});

describe('readJson: duplicate keys', () => {
  it('reports every repeat with its pointer and still returns the tree', () => {
    const r = read('{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}');
    expect(r.value).toBeDefined();
    expect(r.errors.map((e) => [e.kind, e.path])).toEqual([
      ['duplicate-key', '/b/x'],
      ['duplicate-key', '/a'],
    ]);
  });

  it('finds repeats in large objects without quadratic work', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `"k${i}": ${i}`);
    keys.push('"k42": 0');
    const r = read(`{${keys.join(',')}}`);
    expect(r.errors.map((e) => e.path)).toEqual(['/k42']);
  });

  it('escapes pointer segments (RFC 6901)', () => {
    expect(pointerSegment('a/b~c')).toBe('a~1b~0c');
    expect(read('{"a/b": 1, "a/b": 2}').errors[0]?.path).toBe('/a~1b');
  });
});

describe('readJson: malformed input (each an error, never an exception)', () => {
  it.each([
    ['empty input', ''],
    ['only whitespace', '  \n '],
    ['trailing comma in object', '{"a": 1,}'],
    ['trailing comma in array', '[1,]'],
    ['missing colon', '{"a" 1}'],
    ['unquoted key', '{a: 1}'],
    ['single quotes', "{'a': 1}"],
    ['unterminated string', '"abc'],
    ['unterminated object', '{"a": 1'],
    ['unterminated array', '[1, 2'],
    ['raw newline in string', '"a\nb"'],
    ['raw tab in string', '"a\tb"'],
    ['bad escape', '"\\x"'],
    ['short unicode escape', '"\\u12"'],
    ['non-hex unicode escape', '"\\u12G4"'],
    ['leading zero', '01'],
    ['lone minus', '-'],
    ['no digits after point', '1.'],
    ['no digits in exponent', '1e+'],
    ['plus sign', '+1'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['hex number', '0x10'],
    ['trailing garbage', '{} x'],
    ['two documents', '{}{}'],
    ['comment', '{} // no'],
    ['byte order mark', '\uFEFF{}'],
    ['truncated literal', 'tru'],
    ['capitalized literal', 'True'],
    ['stray closer', ']'],
  ])('%s', (_name, text) => {
    const r = read(text);
    expect(r.value).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.kind).toBe('syntax');
  });
});

describe('readJson: limits on hostile input', () => {
  it('refuses a document over the length limit before reading it', () => {
    const r = readJson(`"${'a'.repeat(2000)}"`, { maxLength: 1000 });
    expect(r.errors[0]).toMatchObject({ kind: 'limit' });
  });

  it('refuses a 1 MiB + 1 document by default', () => {
    const r = readJson(' '.repeat(1_048_577));
    expect(r.errors[0]?.kind).toBe('limit');
  });

  it('accepts a 1 MiB document of whitespace and a string', () => {
    const r = readJson(`"${'a'.repeat(1_048_000)}"${' '.repeat(574)}`);
    expect(r.errors).toEqual([]);
  });

  it('refuses 10,000-deep arrays', () => {
    const r = read(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(r.errors[0]?.kind).toBe('limit');
  });

  it('refuses 10,000-deep objects', () => {
    const r = read(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    expect(r.errors[0]?.kind).toBe('limit');
  });

  it('allows the configured depth and no more', () => {
    expect(readJson('[[[1]]]', { maxDepth: 3 }).errors).toEqual([]);
    expect(readJson('[[[[1]]]]', { maxDepth: 3 }).errors[0]?.kind).toBe('limit');
  });

  it('refuses a 200,000-element array', () => {
    const r = read(`[${'1,'.repeat(199_999)}1]`);
    expect(r.errors[0]?.kind).toBe('limit');
  });

  it('refuses too many values in total', () => {
    const r = readJson(`[${'[1,1],'.repeat(100)}1]`, { maxNodes: 200 });
    expect(r.errors[0]?.kind).toBe('limit');
  });

  it('refuses too many object members', () => {
    const members = Array.from({ length: 11 }, (_, i) => `"k${i}":1`).join(',');
    expect(readJson(`{${members}}`, { maxMembers: 10 }).errors[0]?.kind).toBe('limit');
  });
});

describe('readJson: properties (fast-check)', () => {
  it('reads whatever JSON.stringify writes, as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v);
        const r = readJson(text);
        expect(r.errors).toEqual([]);
        expect(plain(r.value as JsonNode)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on acceptance of arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = readJson(text);
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(r.value !== undefined).toBe(parses);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), fc.string({ maxLength: 3 }), (v, at, insert) => {
        const text = JSON.stringify(v);
        const i = at % (text.length + 1);
        const mutated = text.slice(0, i) + insert + text.slice(i + 1);
        expect(() => readJson(mutated)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
