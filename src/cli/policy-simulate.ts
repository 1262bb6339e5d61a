import { isAccountId, parseArn } from '../core/arn.js';
import {
  type CompiledPolicy,
  contextKeys,
  type Decision,
  evaluate,
  type PolicyKind,
  type RequestContext,
} from '../policy/index.js';
import { clockKeys, mergeRequestKeys, resourcePolicyKind } from '../services/simulation/request-keys.js';
import { HELP_OPTION, parseCommandLine, required } from './args.js';
import { DEFAULT_CALLER, parseCaller, SIMULATED_SESSION } from './caller.js';
import { ExitCode, InputError, UsageError } from './cli-error.js';
import type { CliCommand } from './command.js';
import { CONTEXT_KEY_TYPES, parseContextArgs } from './context-args.js';
import { describeStatement, explainDecision } from './explain.js';
import type { CliIo } from './io.js';
import { loadPolicies } from './policy-files.js';

const HELP = `Usage: portcullis policy simulate --policy FILE [--policy FILE]... --action ACTION
         --resource ARN [--context KEY=VALUE]... [--context-type KEY=TYPE]...
         [--boundary FILE]... [--resource-policy FILE] [--resource-account ACCOUNT]
         [--caller ARN] [--json]

Decides one request against policy documents exactly as AWS IAM would, and says why: the
decision, the gate that denied it (in AWS's AccessDenied wording), the statements that made it
and the context keys the policies asked for but the request lacked.

Options:
  --policy FILE             an identity-based policy of the caller (repeatable; may be left out
                            when --resource-policy is given: the caller then has none)
  --action ACTION           the action, service:Action (e.g. s3:GetObject)
  --resource ARN            the resource ARN, or * for actions without a resource
  --context KEY=VALUE       a request context key (repeatable; the same KEY again adds a value,
                            making the key multi-valued, as ForAnyValue/ForAllValues expect)
  --context-type KEY=TYPE   the type of KEY's values, one of AWS's ContextKeyType names:
                            ${CONTEXT_KEY_TYPES.slice(0, 6).join(', ')},
                            ${CONTEXT_KEY_TYPES.slice(6).join(', ')}
                            (default string). Values are checked: numeric must be a number,
                            boolean true/false, ip an address or CIDR, date ISO 8601 or epoch
                            seconds, binary base64. A ...List type is multi-valued even with
                            one value.
  --boundary FILE           the caller's permissions boundary (repeatable: several files act as
                            one boundary holding all their statements)
  --resource-policy FILE    the target's resource-based policy; read as a role trust policy when
                            the action is one a trust policy governs (sts:AssumeRole,
                            sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity,
                            sts:TagSession, sts:SetSourceIdentity, sts:SetContext)
  --resource-account ACCOUNT
                            the account owning the resource (like SimulatePrincipalPolicy's
                            ResourceOwner); default: the account field of the resource ARN, or
                            the caller's account when that field is empty (S3 ARNs, *)
  --caller ARN              who asks (default ${DEFAULT_CALLER}):
                              arn:aws:iam::ACCOUNT:user/[PATH/]NAME    an IAM user
                              arn:aws:iam::ACCOUNT:root or ACCOUNT     the root user
                              arn:aws:iam::ACCOUNT:role/[PATH/]NAME    a session of the role
                                                                      ("${SIMULATED_SESSION}")
                              arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
                              arn:aws:sts::ACCOUNT:federated-user/NAME
                              SERVICE.amazonaws.com                    a service principal
  --json                    print {"decision", "matchedStatements", "deniedBy",
                            "missingContextKeys"} as JSON instead of text
  -h, --help                show this help

As AWS's SimulatePrincipalPolicy does, the request context also gets the keys that follow from
the caller (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalIsAWSService,
aws:username for users, aws:userid for root and federated users, aws:PrincipalServiceName for
services) and the time (aws:CurrentTime, aws:EpochTime, from this machine's clock). A --context
of the same key replaces any of them.

Exit status: 0 for any decision (allowed, explicitDeny, implicitDeny); 1 invalid input (a
policy, ARN or context value); 2 usage error.`;

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandLine({
    args: [...args],
    options: {
      ...HELP_OPTION,
      policy: { type: 'string', multiple: true },
      action: { type: 'string' },
      resource: { type: 'string' },
      context: { type: 'string', multiple: true },
      'context-type': { type: 'string', multiple: true },
      boundary: { type: 'string', multiple: true },
      'resource-policy': { type: 'string' },
      'resource-account': { type: 'string' },
      caller: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const action = required(values.action, '--action');
  const resource = required(values.resource, '--resource');
  const identityFiles = values.policy ?? [];
  const resourceFile = values['resource-policy'];
  if (identityFiles.length === 0 && resourceFile === undefined) {
    throw new UsageError('missing required option --policy (or --resource-policy)');
  }

  const problems: string[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...(e.lines ?? [e.message]).map((l) => `portcullis policy simulate: ${l}`));
      return undefined;
    }
  };

  if (!ACTION.test(action)) {
    problems.push(
      `portcullis policy simulate: --action ${action}: expected service:Action, e.g. s3:GetObject`,
    );
  }
  const resourceArn = resource === '*' ? undefined : parseArn(resource);
  if (resource !== '*' && !resourceArn) {
    problems.push(`portcullis policy simulate: --resource ${resource}: expected an ARN or *`);
  }
  const ownerOption = values['resource-account'];
  if (ownerOption !== undefined && !isAccountId(ownerOption)) {
    problems.push(
      `portcullis policy simulate: --resource-account ${ownerOption}: expected a 12-digit account id`,
    );
  }
  const caller = attempt(() => parseCaller(values.caller ?? DEFAULT_CALLER));
  const given = attempt(() => parseContextArgs(values.context ?? [], values['context-type'] ?? []));

  const resourceKind: PolicyKind = resourcePolicyKind(action);
  const identity = await loadPolicies(identityFiles, 'identity', io);
  const boundary = await loadPolicies(values.boundary ?? [], 'boundary', io);
  const resourcePolicy = await loadPolicies(
    resourceFile === undefined ? [] : [resourceFile],
    resourceKind,
    io,
  );
  const loaded = [identity, boundary, resourcePolicy];
  for (const l of loaded) {
    problems.push(...l.unreadable.map((m) => `portcullis policy simulate: ${m}`), ...l.problems);
  }
  if (problems.length > 0 || !caller || !given) throw new InputError('invalid input', problems);
  for (const l of loaded) for (const w of l.warnings) io.err(w);

  const resourceAccount = ownerOption ?? (resourceArn?.account || caller.principal.account);
  const context: RequestContext = {
    action,
    resource,
    resourceAccount,
    principal: caller.principal,
    keys: contextKeys(Object.fromEntries(mergeRequestKeys([...caller.keys, ...clockKeys(io.now())], given))),
  };
  const decision = evaluate({
    context,
    identity: identity.policies,
    boundary: boundary.policies.length > 0 ? boundary.policies : undefined,
    resource: resourcePolicy.policies[0] as CompiledPolicy | undefined,
    explain: true,
  });

  if (values.json) io.out(JSON.stringify(toJson(decision), null, 2));
  else printDecision(decision, caller.principal.arn, action, resource, io);
  return ExitCode.ok;
}

function toJson(d: Decision) {
  return {
    decision: d.decision,
    matchedStatements: d.matchedStatements.map((s) => ({
      policyId: s.policyId,
      policyKind: s.policyKind,
      statementIndex: s.statementIndex,
      sid: s.sid ?? null,
      effect: s.effect,
    })),
    deniedBy: d.deniedBy ?? null,
    missingContextKeys: d.missingContextKeys,
  };
}

function printDecision(d: Decision, caller: string, action: string, resource: string, io: CliIo): void {
  io.out(`Decision: ${d.decision}`);
  io.out(explainDecision(d, caller, action, resource));
  if (d.matchedStatements.length === 0) {
    io.out('Matched statements: none');
  } else {
    io.out('Matched statements:');
    for (const s of d.matchedStatements) io.out(`  ${describeStatement(s)}`);
  }
  if (d.missingContextKeys.length > 0) {
    io.out(
      `Missing context keys (asked for by a condition, absent from the request): ${d.missingContextKeys.join(', ')}`,
    );
  }
}

export const policySimulate: CliCommand = {
  summary: 'decide a request against policy documents as AWS IAM would, and explain why',
  help: HELP,
  run,
};
