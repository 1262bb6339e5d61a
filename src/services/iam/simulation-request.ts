import { AwsError } from '../../core/aws-error.js';
import { isAccountId, parseArn } from '../../core/arn.js';
import type { ContextValue } from '../../policy/index.js';
import { parseSimulatedCaller, type SimulatedCaller } from '../simulation/caller.js';
import { checkContextValue, contextKeyType, contextValue } from '../simulation/context-values.js';
import type { ContextEntryShape } from './simulation-shapes.js';

const invalid = (message: string) => new AwsError('InvalidInput', message);

/**
 * ContextEntries as the engine wants them. Values are checked against ContextKeyType (default
 * string); a key given in several entries (any case) gathers their values, and several values make
 * it multi-valued, as the CLI's repeated `--context` does.
 */
export function contextEntries(entries: readonly ContextEntryShape[] = []): Map<string, ContextValue> {
  const gathered = new Map<string, { name: string; type: string; values: string[] }>();
  for (const entry of entries) {
    const name = entry.ContextKeyName;
    if (name === undefined) throw invalid('ContextKeyName is required in each ContextEntries member.');
    const typeText = entry.ContextKeyType ?? 'string';
    const type = contextKeyType(typeText);
    if (!type) throw invalid(`Invalid ContextKeyType ${typeText} for context key ${name}.`);
    const values: string[] = [];
    for (const value of entry.ContextKeyValues ?? []) {
      const checked = checkContextValue(type, value);
      if ('error' in checked) {
        throw invalid(`Invalid value "${value}" for context key ${name}: it ${checked.error} (${type}).`);
      }
      values.push(checked.value);
    }
    const earlier = gathered.get(name.toLowerCase());
    if (earlier && earlier.type !== type) {
      throw invalid(`Context key ${name} is given two types: ${earlier.type} and ${type}.`);
    }
    if (earlier) earlier.values.push(...values);
    else gathered.set(name.toLowerCase(), { name, type, values });
  }
  const keys = new Map<string, ContextValue>();
  for (const { name, type, values } of gathered.values()) {
    keys.set(name, contextValue(contextKeyType(type) ?? 'string', values));
  }
  return keys;
}

/** CallerArn: a principal ARN the simulation can act as (user, root, role, session, federated user). */
export function callerFromArn(arn: string): SimulatedCaller {
  const parsed = parseSimulatedCaller(arn);
  if (!parsed.ok) throw invalid(`CallerArn ${arn} is not valid: ${parsed.why}.`);
  return parsed.caller;
}

/** ResourceOwner: an account's root ARN (`arn:aws:iam::111122223333:root`) or its bare id. */
export function ownerAccount(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  if (isAccountId(owner)) return owner;
  const arn = parseArn(owner);
  if (arn && arn.service === 'iam' && arn.resource === 'root' && isAccountId(arn.account)) return arn.account;
  throw invalid(
    `ResourceOwner ${owner} is not valid: expected an account's root ARN, arn:aws:iam::ACCOUNT:root.`,
  );
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;

export function checkActions(actions: readonly string[]): void {
  for (const action of actions) {
    if (!ACTION.test(action)) {
      throw invalid(`Invalid Input Action ${action}: expected service:Action, e.g. s3:GetObject.`);
    }
  }
}

export function checkResources(resources: readonly string[]): void {
  for (const resource of resources) {
    if (resource !== '*' && !parseArn(resource)) throw invalid(`Invalid Input ResourceArn ${resource}.`);
  }
}

/**
 * The EC2 scenarios AWS names for ResourceHandlingOption. The option selects which resources an
 * EC2 call needs; the simulation takes the ResourceArns as given, so it is checked, not applied.
 */
const EC2_SCENARIOS = new Set([
  'EC2-VPC-InstanceStore',
  'EC2-VPC-InstanceStore-Subnet',
  'EC2-VPC-EBS',
  'EC2-VPC-EBS-Subnet',
  'EC2-Classic-InstanceStore',
  'EC2-Classic-EBS',
]);

export function checkResourceHandlingOption(option: string | undefined): void {
  if (option !== undefined && !EC2_SCENARIOS.has(option)) {
    throw invalid(
      `Invalid ResourceHandlingOption ${option}; expected one of ${[...EC2_SCENARIOS].join(', ')}.`,
    );
  }
}
