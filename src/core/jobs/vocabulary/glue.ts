/**
 * The Glue vocabulary, one table: GlueContext's sources, sinks and utilities (glueIO.ts), the transforms of
 * awsglue.transforms and DynamicFrameCollection (glueTransforms.ts), and the Glue Studio visual transforms
 * (glueStudio.ts). Each row: Glue call → parameters → plan node, or why it is refused and what to write instead.
 */
import { GLUE_IO } from './glueIO';
import { GLUE_STUDIO } from './glueStudio';
import { GLUE_TRANSFORMS } from './glueTransforms';
import type { Table } from './registry';

export { collectionItem } from './glueTransforms';
export { pyToJavaDateFormat } from './glueStudio';

export const GLUE: Table = { ...GLUE_IO, ...GLUE_TRANSFORMS, ...GLUE_STUDIO };
