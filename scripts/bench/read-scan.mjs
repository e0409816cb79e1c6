#!/usr/bin/env node
// What `calib report` does once it reads with the streaming scan (see the Performance notes):
// readPredictions with `scan` (rows scanned on a second thread while the file is read), then
// evaluateScan. Timed by bench.mjs as the task "report (scan)".
//   node scripts/bench/read-scan.mjs FILE
import { DEFAULT_METRIC_CONFIG as config } from '../../dist/core/config.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../dist/io/read-predictions.js';
import { evaluate } from '../../dist/metrics/evaluate.js';
import { evaluateScan } from '../../dist/metrics/evaluate.js';

const scan = { binaryView: config.binaryView, classwiseBins: config.bins, edges: config.edges };
const read = await readPredictions(process.argv[2], DEFAULT_READ_OPTIONS, { scan });
const evaluation = read.scan ? evaluateScan(read.scan, read.predictions.classes, config) : evaluate(read.predictions, config);
process.stdout.write(JSON.stringify(evaluation.metrics) + '\n');
