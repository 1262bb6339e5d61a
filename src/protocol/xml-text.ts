/**
 * XML 1.0 text escaping. Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR,
 * lone surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD: a character reference would not help,
 * since `&#1;` is itself ill-formed in XML 1.0 and every client parser would reject the response.
 * CR is written as `&#xD;` so that parsers' line-end normalisation does not turn it into LF.
 */

const NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXmlText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x0d) rep = '&#xD;';
    else if (c < 0x20 && c !== 0x09 && c !== 0x0a) rep = '\uFFFD';
    else if (c === 0xfffe || c === 0xffff) rep = '\uFFFD';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a valid pair: keep both halves
        continue;
      }
      rep = '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\uFFFD';
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return out + s.slice(last);
}

/** RFC 3986 percent-encoding: everything but unreserved characters, space as %20 (never '+'). */
export function percentEncode(s: string): string {
  return encodeURIComponent(wellFormed(s)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates by U+FFFD (encodeURIComponent throws on them). */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}
