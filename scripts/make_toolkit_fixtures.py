# PyTorch-made ONNX fixtures for simdnet's training-toolkit importers (BatchNormalization, Dropout, Softmax, Sub + Div):
# torch.onnx.export (TorchScript exporter) of small eval-mode models, with their inputs and float32 outputs, written to
# test/fixtures/onnx/toolkit_*.onnx and toolkit_cases.json. The same layout as shared/fixtures/make_torch_fixtures.py
# (rows in, rows out). Needs torch and onnx; run: python scripts/make_toolkit_fixtures.py. npm test never runs it.
import json, os, torch
nn = torch.nn
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'test', 'fixtures', 'onnx')


class Standardize(nn.Module):
    """(x − mean) / std with constant buffers: what a hand-written input standardization exports as (Sub, Div)."""
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer('mean', torch.tensor(mean)); self.register_buffer('std', torch.tensor(std))
    def forward(self, x):
        return (x - self.mean) / self.std


def trained(net, inputs, outputs, steps=30):
    """A few SGD steps in train mode on random targets, so that weights and running statistics are not the defaults."""
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    net.train()
    for _ in range(steps):
        loss = (net(torch.randn(16, inputs) * 2 + 1) - torch.rand(16, outputs)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    return net


def main():
    torch.manual_seed(13)
    models = {
        # BatchNorm1d with trained running statistics, Dropout (dropped by the exporter in eval mode), Softmax(dim=1)
        'toolkit_mlp_bn_softmax': (trained(nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.3),
                                                         nn.Linear(8, 3), nn.Softmax(dim=1)), 4, 3), 4, 13),
        # an untrained BatchNorm1d (eps 1e-3, momentum 0.01 → ONNX momentum 0.99): torch aliases its running statistics
        # to the equal weight and bias initializers through Identity nodes
        'toolkit_fresh_bn': (nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5, eps=1e-3, momentum=0.01), nn.Tanh(), nn.Linear(5, 2)), 3, 17),
        # input standardization as Sub + Div, then a linear layer
        'toolkit_standardize': (nn.Sequential(Standardize([10.0, -2.0, 0.5, 100.0], [2.0, 0.5, 0.25, 40.0]), nn.Linear(4, 3)), 4, 13),
    }
    cases = []
    for name, (net, n, opset) in models.items():
        net.eval(); x = torch.randn(5, n) * 2 + 1
        with torch.no_grad(): y = net(x)
        torch.onnx.export(net, x, os.path.join(out, name + '.onnx'), dynamo=False, input_names=['x'], output_names=['y'],
                          dynamic_axes={'x': {0: 'batch'}, 'y': {0: 'batch'}}, opset_version=opset)
        cases.append(dict(name=name, file=name + '.onnx', opset=opset, inputShape=[n], x=x.tolist(), y=y.tolist()))
    json.dump(cases, open(os.path.join(out, 'toolkit_cases.json'), 'w'), indent=0)
    print('fixtures written to', os.path.normpath(out))


main()
