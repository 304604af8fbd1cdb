import type { FunctionTable } from './registry';

export const JSON: FunctionTable = {};
