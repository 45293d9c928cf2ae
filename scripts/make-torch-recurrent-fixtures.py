# PyTorch's ONNX exports of recurrent models, the fixtures of test/interop/onnx/recurrent_fixtures.test.ts: nn.LSTM /
# nn.GRU / nn.RNN (batch_first=True) with a Linear on the last step (y[:, -1, :] or h_n[-1]) or on every step, exported by
# torch.onnx.export (the TorchScript exporter, dynamo=False, as make_torch_fixtures.py) at opsets 13 and 17, with their
# inputs as simdnet rows (a sample [steps, features] is one row, step 0's features first) and torch's float32 outputs
# as rows. Not run by npm test. Re-run from the repository root: python scripts/make-torch-recurrent-fixtures.py
# (needs torch and onnx; made with torch 2.13.0+cpu and onnx 1.23.1).
import json, os, torch
nn = torch.nn
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'onnx', 'recurrent')

class Head(nn.Module):
    """cell(features, hidden, batch_first) → Linear(hidden, outputs) on the last step ('last'), on h_n[-1] ('hn') or on every step ('seq')."""
    def __init__(self, cells, outputs, mode):
        super().__init__(); self.cells = nn.ModuleList(cells); self.fc = nn.Linear(cells[-1].hidden_size, outputs); self.mode = mode
    def forward(self, x):
        for cell in self.cells: x, state = cell(x)
        if self.mode == 'seq': return self.fc(x)
        if self.mode == 'hn': return self.fc((state[0] if isinstance(state, tuple) else state)[-1])
        return self.fc(x[:, -1, :])

def models():
    return {
        'lstm_last': (lambda: Head([nn.LSTM(3, 5, batch_first=True)], 2, 'last'), 6, 3, 13),
        'lstm_hn': (lambda: Head([nn.LSTM(3, 4, batch_first=True)], 2, 'hn'), 5, 3, 17),
        'gru_seq': (lambda: Head([nn.GRU(4, 6, batch_first=True)], 3, 'seq'), 5, 4, 17),
        'gru_last': (lambda: Head([nn.GRU(2, 3, batch_first=True)], 1, 'last'), 7, 2, 13),
        'rnn_tanh_last': (lambda: Head([nn.RNN(3, 4, batch_first=True)], 2, 'last'), 4, 3, 17),
        'rnn_relu_seq': (lambda: Head([nn.RNN(2, 3, nonlinearity='relu', batch_first=True)], 2, 'seq'), 3, 2, 13),
        'lstm_gru_stack': (lambda: Head([nn.LSTM(3, 4, batch_first=True), nn.GRU(4, 5, batch_first=True)], 2, 'last'), 5, 3, 13),
    }

def main():
    torch.manual_seed(2025); os.makedirs(out, exist_ok=True); cases = []
    for name, (make, steps, features, opset) in models().items():
        net = make().eval(); x = torch.randn(4, steps, features)
        with torch.no_grad(): y = net(x)
        torch.onnx.export(net, x, os.path.join(out, name + '.onnx'), dynamo=False, input_names=['x'], output_names=['y'],
                          dynamic_axes={'x': {0: 'batch'}, 'y': {0: 'batch'}}, opset_version=opset)
        cases.append(dict(name=name, file=name + '.onnx', opset=opset, inputShape=[steps, features],
                          x=x.reshape(4, -1).tolist(), y=y.reshape(4, -1).tolist()))
    json.dump(dict(torch=torch.__version__, cases=cases), open(os.path.join(out, 'cases.json'), 'w'), indent=0)
    print('wrote', len(cases), 'models to', os.path.normpath(out))

main()
