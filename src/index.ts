/** simdnet's table of contents: every public name of the main entry, listed explicitly. */

// Backends
export { init, setBackend, getBackend, threadInfo, stopThreads } from './backend/index.js';
export type { Backend, BackendName, InitOptions, WasmSource, SimdChoice, ThreadInfo } from './backend/index.js';

// Tensors and tensor ops (the activation *layers* relu/tanh/sigmoid come from nn below)
export { Tensor, tensor, zeros } from './tensor.js';
export type { MatrixInput } from './tensor.js';
export type { Matrix } from './matrix.js';
export { matmul, matmulTransA, matmulTransB, biasAdd } from './ops.js'; // softmax(tensor): the softmax layer's factory, below
export { Random } from './random.js';
export { StateError } from './errors.js';

// Layers, losses, optimizers, schedules
export {
  dense, Dense, relu, leakyRelu, tanh, sigmoid, step, dropout, Dropout, batchNorm, BatchNorm, softmax, Softmax,
  normalize, Normalize, simpleRnn, SimpleRnn, lstm, Lstm, gru, Gru, timeDistributed, TimeDistributed, layerFromConfig,
  conv2d, Conv2d, maxPool2d, avgPool2d, globalAvgPool2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d, flatten, Flatten,
  LOSS_NAMES, sgd, momentum, adam, adamw, rmsprop, adagrad, linearDecay, stepDecay, exponentialDecay, warmup,
} from './nn/index.js';
export type {
  DenseOptions, Conv2dOptions, Pool2dOptions, Padding, Size2, SimpleRnnOptions, LstmOptions, GruOptions,
  RecurrentOptions, ActivationName, BatchNormOptions, NormalizeMethod, NormalizeStats, NormalizeFitOptions,
  Initializer, BiasInit, Layer, LayerKind, LayerConfig, Shape, LossName, TargetInput, Optimizer, OptimizerKind,
  LearningRate, Schedule, SchedulePer, LayerWeights, LayerWeightsInput, WeightInput,
} from './nn/index.js';

// Models
export { Sequential, sequential, mlp, Neuron, neuron, loadModel } from './model/index.js';
export type { SequentialOptions, MlpOptions, NeuronOptions, ModelSummary, SummaryRow } from './model/index.js';

// Training
export { fit, History, earlyStopping, reduceLrOnPlateau, NonFiniteLossError, gradCheck } from './train/index.js';
export type {
  FitOptions, EpochLogs, Callback, EarlyStoppingOptions, ReduceLrOnPlateauOptions, Monitor, TrainInfo, EvaluateOptions,
  GradCheckOptions, GradCheckResult, GradientsResult,
} from './train/index.js';

// Model files
export { saveModel, parseModel, FORMAT_VERSION } from './io/index.js';
export type { ParsedModel } from './io/index.js';

// Datasets (files from disk, Node only: MNIST from 'simdnet/mnist'; readCsv and iris() from 'simdnet/csv')
export {
  makeMoons, makeBlobs, makeCircles, makeSpirals, celsius, celsiusTable, toFahrenheit, CELSIUS_TABLE,
  linearData, productData, trainTestSplit, shuffleTogether, toMatrix, toRows, oneHot, oneHotMatrix,
  parseIdx, parseMnistImages, parseMnistLabels, parseMnist, parseCsv, slidingWindows,
} from './data/index.js';
export type {
  Dataset2D, MoonsOptions, BlobsOptions, CirclesOptions, SpiralsOptions, CelsiusData, CelsiusOptions,
  LinearDataOptions, SplitOptions, Splittable, IdxFile, CsvData, CsvOptions, CsvColumn, CsvTargetKind, WindowOptions,
} from './data/index.js';

// Training in a Web Worker (the worker script: dist/browser/simdnet.worker.js)
export { trainInWorker, runTraining } from './worker/index.js';
export type {
  TrainInWorkerOptions, TrainingRun, WorkerLike, TrainingControl, TrainRequest, StopRequest, ToWorker, FromWorker,
  ProgressMessage, DoneMessage, ErrorMessage, ModelConfig, FitConfig, OptimizerConfig, LayerWeightsJSON,
} from './worker/index.js';
