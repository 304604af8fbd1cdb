import type { FunctionTable } from './registry';

export const BINARY: FunctionTable = {};
