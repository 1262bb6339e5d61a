/** The services Portcullis serves: what `*` in an Action expands to for access advisor. */
export const SERVED_SERVICES: Readonly<Record<string, string>> = {
  cloudtrail: 'AWS CloudTrail',
  iam: 'AWS Identity and Access Management',
  sts: 'AWS Security Token Service',
};

export const serviceNameOf = (namespace: string): string => SERVED_SERVICES[namespace] ?? namespace;

const globMatches = (pattern: string, text: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  ).test(text);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * The service namespaces a policy document's Allow statements grant some action of: `s3:Get*`
 * names s3; `*`, or a wildcard in the service part, names each served service it matches; an
 * Allow with NotAction grants (some of) every served service. A document that does not parse
 * grants nothing here (stored documents were validated on the way in).
 */
export function allowedNamespaces(document: string): Set<string> {
  const out = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return out;
  }
  const served = Object.keys(SERVED_SERVICES);
  for (const statement of asList((parsed as { Statement?: unknown }).Statement)) {
    const s = statement as { Effect?: unknown; Action?: unknown; NotAction?: unknown };
    if (s.Effect !== 'Allow') continue;
    if (s.NotAction !== undefined) {
      for (const ns of served) out.add(ns);
      continue;
    }
    for (const action of asList(s.Action)) {
      if (typeof action !== 'string') continue;
      const colon = action.indexOf(':');
      const ns = colon < 0 ? action : action.slice(0, colon);
      if (/[*?]/.test(ns)) {
        for (const candidate of served) if (globMatches(ns, candidate)) out.add(candidate);
      } else {
        out.add(ns.toLowerCase());
      }
    }
  }
  return out;
}
