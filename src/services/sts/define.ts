import type {
  OperationDefinition,
  OperationInput,
  OperationOutput,
} from '../../protocol/operation-registry.js';
import { type IamOperationSpec, serviceOperation } from '../iam/define.js';
import type { OperationContext } from '../operation-context.js';

/** An STS operation: `sts:<Name>` is the action AWS authorizes it as. */
export function stsOperation<I extends OperationInput, O extends OperationOutput>(
  spec: IamOperationSpec<I, O>,
): OperationDefinition<I, O, OperationContext> {
  return serviceOperation('sts', spec);
}
