import { afterAll, beforeAll } from 'vitest';
import type { AccountId } from '../../../src/domain/ids.js';
import type { AwsManagedPolicyCatalog } from '../../../src/domain/managed-policy.js';
import type { OperationInput, OperationOutput } from '../../../src/protocol/operation-registry.js';
import type { Caller, OperationContext } from '../../../src/services/operation-context.js';
import { StaticAwsManagedCatalog } from '../../../src/store/aws-managed/static-catalog.js';
import { openInMemorySqliteStore } from '../../../src/store/sqlite/open-sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import type { OperationDefinition } from '../../../src/protocol/operation-registry.js';

export const ACCOUNT = '123456789012' as AccountId;
export const NOW = new Date('2026-01-02T03:04:05Z');

const doc = (action: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** A few AWS-managed policies, so tests never load the 77 MB package. */
export const TEST_CATALOG = new StaticAwsManagedCatalog([
  {
    name: 'AdministratorAccess',
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: doc('*'), createDate: new Date('2015-02-06T18:39:46Z') }],
  },
  {
    name: 'ReadOnlyAccess',
    defaultVersionId: 'v2',
    versions: [
      { versionId: 'v1', document: doc('s3:Get*'), createDate: new Date('2015-02-06T18:39:48Z') },
      { versionId: 'v2', document: doc('*:Get*'), createDate: new Date('2020-01-01T00:00:00Z') },
    ],
  },
  {
    name: 'AWSServiceRoleForTest',
    path: '/aws-service-role/',
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: doc('ec2:*'), createDate: new Date('2019-01-01T00:00:00Z') }],
  },
]);

export const rootCaller = (accountId: AccountId = ACCOUNT): Caller => ({
  accountId,
  principal: { type: 'root', arn: `arn:aws:iam::${accountId}:root`, account: accountId },
  principalId: accountId,
});

export interface Harness {
  readonly store: Store;
  /** Runs the operation's handler in one transaction, as the server does. */
  call<I extends OperationInput, O extends OperationOutput>(
    op: OperationDefinition<I, O, OperationContext>,
    input: I,
    options?: { readonly caller?: Caller; readonly accountId?: AccountId; readonly now?: Date },
  ): Promise<O>;
  /** The AwsError a call throws (fails the test when it succeeds). */
  error<I extends OperationInput, O extends OperationOutput>(
    op: OperationDefinition<I, O, OperationContext>,
    input: I,
  ): Promise<{ code: string; message: string }>;
}

/** One in-memory store per test file, with the account created; `fresh()` for isolation. */
export function useHarness(catalog: AwsManagedPolicyCatalog = TEST_CATALOG): Harness {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openInMemorySqliteStore({ awsManagedPolicies: catalog });
    await store.transaction((tx) =>
      tx.accounts.create({ id: ACCOUNT, createdAt: new Date('2025-01-01T00:00:00Z') }),
    );
  });
  afterAll(async () => {
    await store?.close();
  });
  const harness: Harness = {
    get store() {
      if (!store) throw new Error('store not open');
      return store;
    },
    call: (op, input, options = {}) =>
      harness.store.transaction(async (tx) => {
        const accountId = options.accountId ?? ACCOUNT;
        const ctx: OperationContext = {
          requestId: 'test-request',
          now: options.now ?? NOW,
          caller: options.caller ?? rootCaller(accountId),
          accountId,
          partition: 'aws',
          tx,
        };
        return op.handler(input, ctx);
      }),
    error: async (op, input) => {
      try {
        await harness.call(op, input);
      } catch (e) {
        const err = e as { code?: string; message: string };
        if (err.code === undefined) throw e;
        return { code: err.code, message: err.message };
      }
      throw new Error(`${op.name} succeeded`);
    },
  };
  return harness;
}
