export { BEST_RULES, bestMask } from './best.js';
export type { BestRule } from './best.js';
export { compareModels, compareModelsAfterTemperature } from './compare.js';
export type { CompareOptions, CompareResult, MetricDelta, ModelInput, ModelSummary } from './compare.js';
export { modelNameFromFile, uniqueModelNames } from './names.js';
export type { NameRequest } from './names.js';
export { assertSameClasses, detectPairing } from './pairing.js';
export type { Pairing, PairingInput } from './pairing.js';
