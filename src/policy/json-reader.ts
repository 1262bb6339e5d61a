/**
 * A small JSON reader for policy documents. JSON.parse cannot say where a value sits in the text
 * nor that an object repeats a key, and both matter here: errors point at a line and column, and a
 * repeated `Effect` must not be silently resolved. Limits on length, depth, array length and node
 * count keep hostile input to bounded time and memory; everything is reported as data.
 */

export interface JsonPosition {
  /** 0-based offset in UTF-16 code units. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units. */
  readonly column: number;
}

export interface JsonString extends JsonPosition {
  readonly kind: 'string';
  readonly value: string;
}
export interface JsonNumber extends JsonPosition {
  readonly kind: 'number';
  readonly value: number;
  /** The number exactly as written, so `1.50` stays `1.50`. */
  readonly raw: string;
}
export interface JsonBoolean extends JsonPosition {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface JsonNull extends JsonPosition {
  readonly kind: 'null';
}
export interface JsonArray extends JsonPosition {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
}
export interface JsonMember {
  readonly key: string;
  readonly keyPosition: JsonPosition;
  readonly value: JsonNode;
}
export interface JsonObject extends JsonPosition {
  readonly kind: 'object';
  /** Members in source order; with duplicate keys every occurrence is kept. */
  readonly members: readonly JsonMember[];
  /** Where the closing `}` is (absent on nodes not read from text). */
  readonly end?: JsonPosition;
}
export type JsonNode = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonArray | JsonObject;

export type JsonErrorKind = 'syntax' | 'limit' | 'duplicate-key';

export interface JsonError extends JsonPosition {
  readonly kind: JsonErrorKind;
  readonly message: string;
  /** JSON pointer of the offending member, for duplicate keys; empty otherwise. */
  readonly path: string;
}

export interface JsonLimits {
  readonly maxLength: number;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxMembers: number;
  readonly maxNodes: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxLength: 1_048_576,
  maxDepth: 64,
  maxArrayLength: 50_000,
  maxMembers: 10_000,
  maxNodes: 200_000,
};

/**
 * `value` is present when the text is well-formed JSON within the limits; duplicate keys are
 * reported in `errors` but still yield a value, so callers can report them alongside other
 * problems. A syntax or limit error yields no value.
 */
export interface JsonReadResult {
  readonly value: JsonNode | undefined;
  readonly errors: readonly JsonError[];
}

export function readJson(text: string, limits: Partial<JsonLimits> = {}): JsonReadResult {
  const lim: JsonLimits = { ...DEFAULT_JSON_LIMITS, ...limits };
  if (text.length > lim.maxLength) {
    const error: JsonError = {
      kind: 'limit',
      message: `Document is ${text.length} characters long; the limit is ${lim.maxLength}.`,
      path: '',
      offset: 0,
      line: 1,
      column: 1,
    };
    return { value: undefined, errors: [error] };
  }
  const reader = new Reader(text, lim);
  return reader.read();
}

/** Escapes one JSON pointer segment (RFC 6901). */
export const pointerSegment = (s: string | number): string => {
  if (typeof s === 'number') return String(s);
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
};

/** Thrown only inside the reader to unwind on the first fatal error; never escapes `readJson`. */
class Stop {
  constructor(readonly error: JsonError) {}
}

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;
const CH_QUOTE = 0x22;
const CH_BACKSLASH = 0x5c;
const CH_COMMA = 0x2c;
const CH_COLON = 0x3a;
const CH_LBRACKET = 0x5b;
const CH_RBRACKET = 0x5d;
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_MINUS = 0x2d;
const CH_0 = 0x30;
const CH_9 = 0x39;

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const isDigit = (c: number): boolean => c >= CH_0 && c <= CH_9;

function describe(c: number): string {
  if (Number.isNaN(c)) return 'end of input';
  if (c < 0x20 || c === 0x7f) return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCharCode(c)}'`;
}

class Reader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private nodes = 0;
  private readonly duplicates: JsonError[] = [];
  /** Where the reader is, as pointer segments; joined only when a duplicate key needs it. */
  private readonly segments: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly lim: JsonLimits,
  ) {}

  read(): JsonReadResult {
    try {
      this.skipWhitespace();
      const value = this.value(0);
      this.skipWhitespace();
      if (this.pos < this.text.length) {
        this.fail(`Unexpected ${describe(this.peek())} after the end of the document.`);
      }
      return { value, errors: this.duplicates };
    } catch (e) {
      if (e instanceof Stop) return { value: undefined, errors: [e.error] };
      // A RangeError here would mean a bug in the limits; report it as data all the same.
      return { value: undefined, errors: [this.error('syntax', `Unreadable document: ${String(e)}`)] };
    }
  }

  private pointer(last: string): string {
    let out = '';
    for (const s of this.segments) out += `/${pointerSegment(s)}`;
    return `${out}/${pointerSegment(last)}`;
  }

  private here(): JsonPosition {
    return { offset: this.pos, line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private error(kind: JsonErrorKind, message: string, path = ''): JsonError {
    return { kind, message, path, ...this.here() };
  }

  private fail(message: string, kind: JsonErrorKind = 'syntax'): never {
    throw new Stop(this.error(kind, message));
  }

  private peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_CR) {
        pos++;
      } else if (c === CH_LF) {
        pos++;
        this.line++;
        this.lineStart = pos;
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  private count(): void {
    if (++this.nodes > this.lim.maxNodes) {
      this.fail(`Document has more than ${this.lim.maxNodes} values.`, 'limit');
    }
  }

  private value(depth: number): JsonNode {
    const c = this.peek();
    this.count();
    if (c === CH_LBRACE) return this.object(depth + 1);
    if (c === CH_LBRACKET) return this.array(depth + 1);
    if (c === CH_QUOTE) {
      const at = this.here();
      return { kind: 'string', value: this.string(), ...at };
    }
    if (c === CH_MINUS || isDigit(c)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) {
      const at = this.here();
      this.pos += 4;
      return { kind: 'null', ...at };
    }
    return this.fail(`Unexpected ${describe(c)}; expected a value.`);
  }

  private literal(word: string, value: boolean): JsonBoolean {
    const at = this.here();
    this.pos += word.length;
    return { kind: 'boolean', value, ...at };
  }

  private enter(depth: number): void {
    if (depth > this.lim.maxDepth) {
      this.fail(`Document nests deeper than ${this.lim.maxDepth} levels.`, 'limit');
    }
  }

  private object(depth: number): JsonObject {
    this.enter(depth);
    const at = this.here();
    this.pos++;
    const members: JsonMember[] = [];
    // Only consulted for objects big enough that a linear scan per key would be quadratic.
    let seen: Set<string> | undefined;
    this.skipWhitespace();
    if (this.peek() === CH_RBRACE) {
      const end = this.here();
      this.pos++;
      return { kind: 'object', members, ...at, end };
    }
    for (;;) {
      if (this.peek() !== CH_QUOTE) this.fail(`Unexpected ${describe(this.peek())}; expected a quoted key.`);
      const keyPosition = this.here();
      const key = this.string();
      this.skipWhitespace();
      if (this.peek() !== CH_COLON) this.fail(`Unexpected ${describe(this.peek())}; expected ':'.`);
      this.pos++;
      this.skipWhitespace();
      this.segments.push(key);
      const value = this.value(depth);
      this.segments.pop();
      if (members.length >= this.lim.maxMembers) {
        this.fail(`Object has more than ${this.lim.maxMembers} members.`, 'limit');
      }
      if (members.length >= 8 && !seen) seen = new Set(members.map((m) => m.key));
      const duplicate = seen ? seen.has(key) : members.some((m) => m.key === key);
      if (duplicate) {
        this.duplicates.push({
          kind: 'duplicate-key',
          message: `Duplicate key "${key}".`,
          path: this.pointer(key),
          ...keyPosition,
        });
      }
      seen?.add(key);
      members.push({ key, keyPosition, value });
      this.skipWhitespace();
      const c = this.peek();
      if (c === CH_COMMA) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === CH_RBRACE) {
        const end = this.here();
        this.pos++;
        return { kind: 'object', members, ...at, end };
      }
      this.fail(`Unexpected ${describe(c)}; expected ',' or '}'.`);
    }
  }

  private array(depth: number): JsonArray {
    this.enter(depth);
    const at = this.here();
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.peek() === CH_RBRACKET) {
      this.pos++;
      return { kind: 'array', items, ...at };
    }
    for (;;) {
      if (items.length >= this.lim.maxArrayLength) {
        this.fail(`Array has more than ${this.lim.maxArrayLength} elements.`, 'limit');
      }
      this.segments.push(items.length);
      items.push(this.value(depth));
      this.segments.pop();
      this.skipWhitespace();
      const c = this.peek();
      if (c === CH_COMMA) {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === CH_RBRACKET) {
        this.pos++;
        return { kind: 'array', items, ...at };
      }
      this.fail(`Unexpected ${describe(c)}; expected ',' or ']'.`);
    }
  }

  /** Reads a string starting at the opening quote; strings never span lines in JSON. */
  private string(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let chunkStart = pos;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === CH_QUOTE) {
        this.pos = pos + 1;
        return out + text.slice(chunkStart, pos);
      }
      if (c === CH_BACKSLASH) {
        out += text.slice(chunkStart, pos);
        const e = text.charAt(pos + 1);
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = pos;
            this.fail('Invalid \\u escape in string.');
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 6;
        } else {
          const decoded = ESCAPES[e];
          if (decoded === undefined) {
            this.pos = pos;
            this.fail(`Invalid escape '\\${e}' in string.`);
          }
          out += decoded;
          pos += 2;
        }
        chunkStart = pos;
        continue;
      }
      if (Number.isNaN(c)) {
        this.pos = pos;
        this.fail('Unterminated string.');
      }
      if (c < 0x20) {
        this.pos = pos;
        this.fail(`Unescaped ${describe(c)} in string.`);
      }
      pos++;
    }
  }

  private number(): JsonNumber {
    const text = this.text;
    const at = this.here();
    let pos = this.pos;
    if (text.charCodeAt(pos) === CH_MINUS) pos++;
    if (text.charCodeAt(pos) === CH_0) {
      pos++;
    } else if (isDigit(text.charCodeAt(pos))) {
      while (isDigit(text.charCodeAt(pos))) pos++;
    } else {
      this.pos = pos;
      this.fail('Invalid number.');
    }
    if (text.charCodeAt(pos) === 0x2e) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        this.fail('Invalid number: expected a digit after the decimal point.');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === CH_MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        this.fail('Invalid number: expected a digit in the exponent.');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const raw = text.slice(this.pos, pos);
    this.pos = pos;
    return { kind: 'number', value: Number(raw), raw, ...at };
  }
}
