/**
 * casbin (node-casbin), called its fastest way for this shape of policy: one model, policies added
 * once in memory (no adapter I/O), one `enforceSync(action, resource, context)` per decision on the
 * plain `Enforcer` (the `CachedEnforcer` caches decisions, which the benchmark forbids).
 *
 * Model (docs/benchmarks.md has the reasoning):
 *   r = act, obj, ctx                   the lower-cased action, the resource ARN, a context object
 *   p = sid, act, obj, cond, eft        one row per IAM statement (sid keeps equal rows apart)
 *   e = some(where (p.eft == allow)) && !some(where (p.eft == deny))       deny overrides
 *   m = iamMatch(r.act, p.act) && iamMatch(r.obj, p.obj) && eval(p.cond)
 * `p.act` / `p.obj` are one anchored regular expression per statement (the alternation of its
 * IAM globs, `*` -> `.*`). casbin's built-in `regexMatch` compiles its pattern on every call, so
 * the adapter registers `iamMatch`, the same test with the compiled RegExp cached per pattern,
 * through casbin's documented `addFunction`. Conditions are casbin ABAC rules (`eval`), written
 * with casbin's own `ipMatch` and plain comparisons over the context object; casbin caches the
 * compiled expression per distinct rule. casbin answers allow/deny only.
 */
import { type Enforcer, newEnforcer, newModelFromString } from 'casbin';
import { type Engine, type Outcome, type Prepared, packageVersion } from './engine.js';
import type { BenchRequest, StatementJson, Workload } from './workload.js';

const MODEL = `
[request_definition]
r = act, obj, ctx

[policy_definition]
p = sid, act, obj, cond, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = iamMatch(r.act, p.act) && iamMatch(r.obj, p.obj) && eval(p.cond)
`;

interface CasbinContext {
  readonly ip: string;
  /** aws:CurrentTime as epoch seconds: Date* operators become numeric comparisons. */
  readonly now: number;
  readonly secure: boolean;
  readonly hasTeam: boolean;
  readonly team: string;
  readonly hasPrefix: boolean;
  readonly prefix: string;
}

type Request = readonly [string, string, CasbinContext];

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
/**
 * IAM globs as one anchored regular expression. Metacharacters are written as one-character
 * classes (`[.]`), not with backslashes, which casbin's expression parser would re-interpret.
 */
const globSource = (glob: string): string =>
  [...glob]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : /[.+$()|{}]/.test(ch) ? `[${ch}]` : ch))
    .join('');
const alternation = (globs: readonly string[], ignoreCase: boolean): string =>
  // `$(?:)`, not a bare `$` before the closing quote: casbin splices rules in with
  // String.replace, where `$'` in the replacement would mean "the text after the match".
  `^(?:${globs.map((g) => globSource(ignoreCase ? g.toLowerCase() : g)).join('|')})$(?:)`;
const or = (xs: readonly string[]): string => (xs.length === 1 ? xs[0]! : `(${xs.join(' || ')})`);

function conditionExpr(op: string, key: string, values: readonly string[]): string {
  const team = or(values.map((v) => `r.ctx.team == ${q(v)}`));
  switch (`${op} ${key}`) {
    case 'IpAddress aws:SourceIp':
      return or(values.map((v) => `ipMatch(r.ctx.ip, ${q(v)})`));
    case 'NotIpAddress aws:SourceIp':
      return `!(${or(values.map((v) => `ipMatch(r.ctx.ip, ${q(v)})`))})`;
    case 'StringEquals aws:PrincipalTag/team':
      return `(r.ctx.hasTeam && ${team})`;
    case 'StringEqualsIfExists aws:PrincipalTag/team':
      return `(!r.ctx.hasTeam || ${team})`;
    case 'StringNotEquals aws:PrincipalTag/team':
      return `(!r.ctx.hasTeam || !(${team}))`;
    case 'StringLike s3:prefix':
      return `(r.ctx.hasPrefix && iamMatch(r.ctx.prefix, ${q(alternation(values, false))}))`;
    case 'DateLessThan aws:CurrentTime':
      return `r.ctx.now < ${epoch(values[0]!)}`;
    case 'DateGreaterThan aws:CurrentTime':
      return `r.ctx.now > ${epoch(values[0]!)}`;
    case 'Bool aws:SecureTransport':
      return `r.ctx.secure == ${values[0] === 'true'}`;
  }
  throw new Error(`casbin translation: no rule for ${op} on ${key}`);
}

export function translateStatement(s: StatementJson, policy: string): string[] {
  const conds: string[] = [];
  for (const [op, block] of Object.entries(s.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) conds.push(conditionExpr(op, key, values));
  }
  return [
    `${policy}/${s.Sid}`,
    alternation(s.Action, true),
    alternation(s.Resource, false),
    conds.length > 0 ? conds.join(' && ') : 'true',
    s.Effect === 'Allow' ? 'allow' : 'deny',
  ];
}

function translateRequest(r: BenchRequest): Request {
  const c = r.context;
  return [
    r.action.toLowerCase(),
    r.resource,
    {
      ip: c['aws:SourceIp'],
      now: epoch(c['aws:CurrentTime']),
      secure: c['aws:SecureTransport'] === 'true',
      hasTeam: c['aws:PrincipalTag/team'] !== undefined,
      team: c['aws:PrincipalTag/team'] ?? '',
      hasPrefix: c['s3:prefix'] !== undefined,
      prefix: c['s3:prefix'] ?? '',
    },
  ];
}

const regexCache = new Map<string, RegExp>();
function iamMatch(value: unknown, pattern: unknown): boolean {
  const p = String(pattern);
  let re = regexCache.get(p);
  if (re === undefined) {
    re = new RegExp(p, 's');
    regexCache.set(p, re);
  }
  return re.test(String(value));
}

export const casbinEngine: Engine = {
  name: 'casbin',
  version: packageVersion('casbin'),
  async prepare(w: Workload): Promise<Prepared<Request>> {
    const enforcer: Enforcer = await newEnforcer(newModelFromString(MODEL));
    await enforcer.addFunction('iamMatch', iamMatch);
    const rules = w.policies.flatMap((p) => p.document.Statement.map((s) => translateStatement(s, p.name)));
    await enforcer.addPolicies(rules);
    const held = (await enforcer.getPolicy()).length;
    if (held !== rules.length) throw new Error(`casbin kept ${held} of ${rules.length} rules`);
    return {
      requests: w.requests.map(translateRequest),
      rules: rules.length,
      decide: (req): Outcome => (enforcer.enforceSync(req[0], req[1], req[2]) ? 'allowed' : 'denied'),
    };
  },
};
