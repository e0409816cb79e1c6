/** Temperature scaling (Guo et al. 2017): fit, cross-fit, and apply. */
export {
  fitTemperature, fitTemperatureCore, oneHotTargets, type TemperatureFit, type TemperatureFitCore, type FitTemperatureOptions,
} from './temperature.js';
export { crossFitTemperature, type CrossFit, type CrossFitOptions } from './cross-fit.js';
export { stratifiedFolds } from './folds.js';
export { applyTemperatureProbabilities } from './apply.js';
export {
  fitInverseTemperature, MIN_TEMPERATURE, MAX_TEMPERATURE, type ScaleFit, type ScaleFitOptions,
  type TemperatureBoundary,
} from './fit-scale.js';
export {
  prepareScaleRows, scaleObjective, scaleObjectiveRange, combineObjective, objectiveParts, scaleObjectiveParts, OBJECTIVE_SUMS, allRows,
  type ScaleRows, type ObjectivePoint, type ScaleObjective,
} from './scale-objective.js';
