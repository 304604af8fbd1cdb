import type { FunctionTable } from './registry';

export const URL: FunctionTable = {};
