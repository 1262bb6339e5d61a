/**
 * The known classes of disagreement between the peer simulator and AWS's documented behaviour.
 * Each is a predicate over a case: true when the case contains the construct the peer gets wrong.
 * docs/policy-engine.md lists each class with the AWS statement that decides it, and
 * test/policy/peer-disagreements.test.ts pins one fixed case per class.
 */
import type { RawDoc, RefCase } from './case.js';

interface Clause {
  readonly doc: Record<string, unknown>;
  readonly operator: string;
  readonly key: string;
  readonly values: string[];
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function docsOf(c: RefCase): Record<string, unknown>[] {
  const p = c.policies;
  const all: RawDoc[] = [
    ...p.identity,
    ...(p.boundary ?? []),
    ...(p.session ?? []),
    ...(p.resource ? [p.resource.doc] : []),
    ...(p.scp ?? []).flat(),
    ...(p.rcp ?? []).flat(),
  ];
  return all as Record<string, unknown>[];
}

const statements = (d: Record<string, unknown>) => asList(d.Statement) as Record<string, unknown>[];

function clausesOf(c: RefCase): Clause[] {
  const out: Clause[] = [];
  for (const doc of docsOf(c)) {
    for (const s of statements(doc)) {
      for (const [operator, block] of Object.entries((s.Condition ?? {}) as Record<string, unknown>)) {
        for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
          out.push({ doc, operator, key, values: asList(v).map(String) });
        }
      }
    }
  }
  return out;
}

const VARIABLE = /\$\{([^}]*)\}/g;
const is2012 = (d: Record<string, unknown>) => d.Version === '2012-10-17';

export interface PeerDisagreementClass {
  readonly id: string;
  readonly title: string;
  readonly applies: (c: RefCase) => boolean;
}

export const PEER_CLASSES: readonly PeerDisagreementClass[] = [
  {
    id: 'epoch-vs-iso-date',
    title: 'Date operators comparing epoch seconds with ISO 8601 dates',
    applies: (c) =>
      clausesOf(c).some((cl) => {
        if (!/Date/.test(cl.operator)) return false;
        const v = c.request.context[cl.key.toLowerCase()];
        if (!v) return false;
        const epoch = (s: string) => /^\d+$/.test(s);
        return v.values.some((rv) => cl.values.some((pv) => epoch(rv) !== epoch(pv)));
      }),
  },
  {
    id: 'zero-cidr',
    title: 'IpAddress/NotIpAddress with 0.0.0.0/0 (or ::/0)',
    applies: (c) =>
      clausesOf(c).some(
        (cl) => /IpAddress/.test(cl.operator) && cl.values.some((v) => /^(0\.0\.0\.0|::)\/0$/.test(v)),
      ),
  },
  {
    id: 'unresolved-variable-negated',
    title: 'A policy variable with no value under a negated operator',
    applies: (c) =>
      clausesOf(c).some(
        (cl) =>
          is2012(cl.doc) &&
          /(Not|ArnNot)/.test(cl.operator) &&
          cl.values.some((v) =>
            [...v.matchAll(VARIABLE)].some((m) => {
              const inner = m[1]!.trim();
              if (['*', '?', '$'].includes(inner) || inner.includes(',')) return false;
              return c.request.context[inner.toLowerCase()] === undefined;
            }),
          ),
      ),
  },
  {
    id: 'unresolved-variable-not-resource',
    title: 'A policy variable with no value in NotResource',
    applies: (c) =>
      docsOf(c).some(
        (d) =>
          is2012(d) &&
          statements(d).some((s) =>
            asList(s.NotResource).some((v) =>
              [...String(v).matchAll(VARIABLE)].some((m) => {
                const inner = m[1]!.trim();
                if (['*', '?', '$'].includes(inner) || inner.includes(',')) return false;
                return c.request.context[inner.toLowerCase()] === undefined;
              }),
            ),
          ),
      ),
  },
  {
    id: 'root-user',
    title: "The account root user's implicit full access within its account",
    applies: (c) => c.request.principal.type === 'root',
  },
  {
    id: 'variable-default-value',
    title: "A policy variable with a default value (${key, 'default'})",
    applies: (c) => docsOf(c).some((d) => is2012(d) && /\$\{[^}]*,\s*'/.test(JSON.stringify(d.Statement))),
  },
  {
    id: 'for-any-value-if-exists',
    title: 'ForAnyValue with an ...IfExists operator when the key is absent',
    applies: (c) =>
      clausesOf(c).some(
        (cl) =>
          cl.operator.startsWith('ForAnyValue:') &&
          cl.operator.endsWith('IfExists') &&
          c.request.context[cl.key.toLowerCase()] === undefined,
      ),
  },
  {
    id: 'special-variables',
    title: 'The escapes ${$}, ${*} and ${?} in condition values',
    applies: (c) =>
      clausesOf(c).some((cl) => is2012(cl.doc) && cl.values.some((v) => /\$\{\s*[$*?]\s*\}/.test(v))),
  },
  {
    id: 'variables-in-2008-10-17',
    title: 'Policy variables in a 2008-10-17 (or unversioned) document',
    applies: (c) => docsOf(c).some((d) => !is2012(d) && JSON.stringify(d.Statement).includes('${')),
  },
  {
    id: 'not-principal-account-root',
    title: 'NotPrincipal naming an account (root ARN or id)',
    applies: (c) => {
      const d = c.policies.resource?.doc as Record<string, unknown> | undefined;
      if (!d) return false;
      return statements(d).some((s) => {
        const np = s.NotPrincipal as Record<string, unknown> | undefined;
        if (!np || typeof np !== 'object') return false;
        return asList(np.AWS).some((n) => /^\d{12}$/.test(String(n)) || /:root$/.test(String(n)));
      });
    },
  },
];

/** The ids of every known class whose construct appears in the case. */
export function classify(c: RefCase): string[] {
  return PEER_CLASSES.filter((k) => k.applies(c)).map((k) => k.id);
}
