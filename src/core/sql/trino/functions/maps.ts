import type { FunctionTable } from './registry';

export const MAPS: FunctionTable = {};
