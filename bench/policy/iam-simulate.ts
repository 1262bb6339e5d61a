/**
 * @cloud-copilot/iam-simulate, called its fastest way.
 *
 * Its public entry points (`runSimulation`, `runUnsafeSimulation`) re-load (parse) every policy on
 * every call, and `runSimulation` also validates the request against its action catalogue. To
 * give it the same "compile once" footing as the other engines we load each policy once with
 * `loadPolicy` (from its own @cloud-copilot/iam-policy) and call the core `authorize` function that
 * `runUnsafeSimulation` calls, with the same arguments it passes (Strict mode, no SCPs/RCPs/
 * boundary/resource policy). Those modules are not in the package's `exports`, so they are
 * imported by file path. Requests are translated once into its `AwsRequestImpl`.
 *
 * iam-simulate models KMS as AWS does: a KMS key is usable only if its key policy lets IAM
 * policies apply. Every real key has a key policy, and the workload assumes the default one
 * (account root may do kms:*), so kms requests carry that document as their resource policy.
 */
import { loadPolicy } from '@cloud-copilot/iam-policy';
import { DiscoveryContextKeyConstraints } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js';
import {
  type AuthorizationRequest,
  authorize,
} from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js';
import { AwsRequestImpl } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js';
import { RequestContextImpl } from '../../node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js';
import { type Engine, type Outcome, type Prepared, packageVersion } from './engine.js';
import { ACCOUNT, PRINCIPAL_ARN, type Workload } from './workload.js';

const OUTCOME: Record<string, Outcome> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

export const iamSimulate: Engine = {
  name: 'iam-simulate',
  version: packageVersion('@cloud-copilot/iam-simulate'),
  prepare(w: Workload): Prepared<AuthorizationRequest> {
    const identityPolicies = w.policies.map((p) => loadPolicy(p.document, { name: p.name }));
    const defaultKeyPolicy = loadPolicy(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Enable IAM User Permissions',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      },
      { name: 'default-key-policy' },
    );
    const simulationParameters = {
      simulationMode: 'Strict' as const,
      discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]),
    };
    const requests = w.requests.map(
      (r): AuthorizationRequest => ({
        request: new AwsRequestImpl(
          PRINCIPAL_ARN,
          { resource: r.resource, accountId: ACCOUNT },
          r.action,
          new RequestContextImpl({ ...r.context }),
        ),
        sessionPolicy: undefined,
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.action.startsWith('kms:') ? defaultKeyPolicy : undefined,
        permissionBoundaries: undefined,
        vpcEndpointPolicies: undefined,
        simulationParameters,
        serviceSettings: { s3: { blockPublicAccess: undefined } },
      }),
    );
    return {
      requests,
      rules: identityPolicies.reduce((n, p) => n + p.statements().length, 0),
      decide: (req) => OUTCOME[authorize(req).result]!,
    };
  },
};
