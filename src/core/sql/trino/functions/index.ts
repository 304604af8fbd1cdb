/** Every Trino function the local engine translates: the families' tables, one name → one row. */
import { AGGREGATES } from './aggregates';
import { ARRAYS } from './arrays';
import { BINARY } from './binary';
import { BITWISE } from './bitwise';
import { CONDITIONAL } from './conditional';
import { DATES } from './dates';
import { FORMAT } from './format';
import { JSON } from './json';
import { MAPS } from './maps';
import { MATH } from './math';
import type { FunctionTable } from './registry';
import { REGEXP } from './regexp';
import { STRINGS } from './strings';
import { URL } from './url';

export const FAMILIES: Record<string, FunctionTable> = {
  strings: { ...STRINGS, ...FORMAT },
  math: MATH,
  dates: DATES,
  json: JSON,
  arrays: ARRAYS,
  maps: MAPS,
  regexp: REGEXP,
  aggregates: AGGREGATES,
  conditional: CONDITIONAL,
  url: URL,
  bitwise: BITWISE,
  binary: BINARY,
};

export const FUNCTIONS: FunctionTable = Object.assign(Object.create(null) as FunctionTable, ...Object.values(FAMILIES));
