import type { FunctionTable } from './registry';

export const REGEXP: FunctionTable = {};
