import type { FunctionTable } from './registry';

export const BITWISE: FunctionTable = {};
