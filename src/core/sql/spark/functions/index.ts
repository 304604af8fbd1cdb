/** Every Spark function the local engine translates: the families' tables, one name → one row. */
import { AGGREGATES } from './aggregates';
import { COLLECTIONS } from './collections';
import { CONDITIONAL } from './conditional';
import { DATES } from './dates';
import { INTERVALS } from './intervals';
import { JSON_FUNCTIONS } from './json';
import { MATH } from './math';
import { MISC } from './misc';
import { NUMBER_FORMATS } from './numberFormats';
import type { FunctionTable } from './registry';
import { REGEXP } from './regexp';
import { STRINGS } from './strings';
import { TEXT_FORMATS } from './textFormats';

export const FAMILIES: Record<string, FunctionTable> = {
  strings: { ...STRINGS, ...TEXT_FORMATS, ...NUMBER_FORMATS },
  regexp: REGEXP,
  math: MATH,
  dates: DATES,
  intervals: INTERVALS,
  collections: COLLECTIONS,
  conditional: CONDITIONAL,
  json: JSON_FUNCTIONS,
  aggregates: AGGREGATES,
  misc: MISC,
};

export const FUNCTIONS: FunctionTable = Object.assign(Object.create(null) as FunctionTable, ...Object.values(FAMILIES));
