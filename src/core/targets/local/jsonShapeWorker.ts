/** A worker thread of the fast JSON line-shape scan (jsonShapeScan.ts `fastShapes`): one file a message. */
import { parentPort } from 'node:worker_threads';
import type { DataFile } from './jsonKeys';
import { fastShape } from './jsonShapeFiles';

parentPort?.on('message', (file: DataFile) => {
  void fastShape(file).then(
    (shape) => parentPort!.postMessage({ file: file.path, ...(shape ? { shape } : {}) }),
    () => parentPort!.postMessage({ file: file.path }),
  );
});
