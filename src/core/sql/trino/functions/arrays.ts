import type { FunctionTable } from './registry';

export const ARRAYS: FunctionTable = {};
