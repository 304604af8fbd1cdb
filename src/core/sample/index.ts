export { generateStediSample, STEDI_SHAPE, STEDI_TABLES, STEDI_DATASETS } from './stedi';
export type { StediSample, StediSampleOptions, TableName, StediDataset } from './stedi';
export { stediManifest } from './manifest';
export type { LakehouseJson } from './manifest';
