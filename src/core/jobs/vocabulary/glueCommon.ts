/** What the Glue vocabulary modules share: where Glue documents its calls, and the shape of a row. */
import type { PyValue } from '../values';
import type { CallCtx } from './registry';

export const GLUE_DOC = 'https://docs.aws.amazon.com/glue/latest/dg';
/** the parameters every awsglue transform takes besides its own */
export const TRANSFORM_PARAMS = 'transformation_ctx, info~, stageThreshold~, totalThreshold~';

export const dyf = (id: string): PyValue => ({ t: 'dyf', id });

/** A row that runs: the call's function, its parameters as data, the plan node it becomes, its documentation. */
export const transform = (run: (c: CallCtx) => PyValue, sigText: string, becomes: string, doc: string) => ({ sig: sigText, becomes, doc, run });
