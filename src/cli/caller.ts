import { parseSimulatedCaller, type SimulatedCaller } from '../services/simulation/caller.js';
import { InputError } from './cli-error.js';

export { SIMULATED_SESSION, type SimulatedCaller } from '../services/simulation/caller.js';

export const DEFAULT_CALLER = 'arn:aws:iam::123456789012:user/simulated-user';

const FORMS = [
  'arn:aws:iam::ACCOUNT:user/[PATH/]NAME',
  'arn:aws:iam::ACCOUNT:root (or just the 12-digit ACCOUNT)',
  'arn:aws:iam::ACCOUNT:role/[PATH/]NAME (simulated as a session of that role)',
  'arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION',
  'arn:aws:sts::ACCOUNT:federated-user/NAME',
  'a service principal such as ec2.amazonaws.com',
];

/** Reads `--caller` (see parseSimulatedCaller for the keys it derives), or says which forms work. */
export function parseCaller(text: string): SimulatedCaller {
  const result = parseSimulatedCaller(text);
  if (result.ok) return result.caller;
  throw new InputError(`--caller ${text}: ${result.why}; expected one of:\n  ${FORMS.join('\n  ')}`);
}
