/** simdnet/plot: SVG charts as strings (no browser, no native dependency): training curves, decision boundaries, fits, graphs. */

export { lossCurve } from './loss.js';
export type { History, LossCurveOptions } from './loss.js';
export { decisionBoundary } from './boundary.js';
export type { Classifier, DecisionBoundaryOptions, Scores } from './boundary.js';
export { fitLine } from './fit_line.js';
export type { FitLineOptions, FittedLine } from './fit_line.js';
export { graphSvg } from './graph.js';
export type { GraphSvgOptions, GraphTrace, TraceNode } from './graph.js';
export type { ChartOptions } from './chart.js';
export { niceTicks, niceDomain, linearScale, logScale } from './scale.js';
export type { Scale } from './scale.js';
export { PALETTE, esc as escapeXml } from './svg.js';
