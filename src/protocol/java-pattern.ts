/**
 * The API models carry Java (java.util.regex) patterns, and AWS applies them to the whole value
 * (`Pattern.matches`). This converts one to an equivalent anchored JavaScript RegExp with the `u`
 * flag, which `\p{L}` and friends need. Differences handled:
 * - `\s` is ASCII whitespace in Java (`[ \t\n\x0B\f\r]`), Unicode whitespace in JS;
 * - identity escapes such as `\:` are legal in Java, a syntax error under `u`;
 * - `\u10000-\u10FFFF` appears in the models meaning supplementary code points (Java itself would
 *   read `\u1000` then `0`); a `\u` with 5-6 hex digits worth more than U+FFFF is read that way;
 * - an escaped surrogate pair is one code point, as in Java;
 * - a leading inline flag group such as `(?s)` becomes a RegExp flag.
 */

const cache = new Map<string, RegExp>();

/** Compiles (once per pattern text) the model pattern into an anchored, `u`-flagged RegExp. */
export function compileJavaPattern(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const { source, flags } = translateJavaPattern(pattern);
    re = new RegExp(`^(?:${source})$`, `u${flags}`);
    cache.set(pattern, re);
  }
  return re;
}

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';
const PASS_THROUGH_LETTERS = new Set('wWdDbBtnrfpP');

export function translateJavaPattern(pattern: string): { source: string; flags: string } {
  let flags = '';
  let i = 0;
  const lead = /^\(\?([imsx]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') throw new Error(`unsupported Java regex flag (?x) in ${pattern}`);
      if (!flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw new Error(`trailing backslash in ${pattern}`);
      if (n === 'u') {
        const hex = /^[0-9A-Fa-f]{4,6}/.exec(pattern.slice(i + 2))?.[0] ?? '';
        if (hex.length < 4) throw new Error(`bad \\u escape in ${pattern}`);
        let digits = hex.slice(0, 4);
        if (hex.length > 4) {
          const wide = Number.parseInt(hex, 16);
          if (wide > 0xffff && wide <= 0x10ffff) digits = hex;
        }
        let cp = Number.parseInt(digits, 16);
        let width = 2 + digits.length;
        // An escaped surrogate pair (`\uD800\uDC00`) is one supplementary code point in Java.
        const low =
          cp >= 0xd800 && cp <= 0xdbff ? /^\\u(D[C-F][0-9A-F]{2})/i.exec(pattern.slice(i + width)) : null;
        if (low) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (Number.parseInt(low[1]!, 16) - 0xdc00);
          width += 6;
        }
        out += `\\u{${cp.toString(16).toUpperCase()}}`;
        i += width;
        continue;
      }
      if (n === 's') {
        out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      } else if (n === 'S') {
        if (inClass) throw new Error(`\\S inside a class is not supported: ${pattern}`);
        out += `[^${JAVA_SPACE}]`;
      } else if (n === 'p' || n === 'P') {
        const m = /^[pP]\{[A-Za-z_=]+\}/.exec(pattern.slice(i + 1));
        if (!m) throw new Error(`bad \\p escape in ${pattern}`);
        out += `\\${m[0]}`;
        i += 1 + m[0].length;
        continue;
      } else if (/[A-Za-z0-9]/.test(n)) {
        if (!PASS_THROUGH_LETTERS.has(n)) throw new Error(`unsupported escape \\${n} in ${pattern}`);
        out += `\\${n}`;
      } else if (SYNTAX_CHARS.has(n) || (n === '-' && inClass)) {
        out += `\\${n}`;
      } else {
        out += `\\u{${n.codePointAt(0)!.toString(16)}}`;
      }
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') {
        // Java would start a nested (union) class; no model uses that, so refuse loudly.
        throw new Error(`nested character class in ${pattern}`);
      }
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A leading ']' (or '^]') is literal in Java.
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    out += c;
    i++;
  }
  if (inClass) throw new Error(`unterminated character class in ${pattern}`);
  return { source: out, flags };
}
