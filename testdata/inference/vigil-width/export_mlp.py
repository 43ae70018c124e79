#!/usr/bin/env python3
"""An MLP of the fraud model's width (27 -> 64 -> 32 -> 1, ReLU, sigmoid), exported by PyTorch to
ONNX, with its weights in JSON so the inference benchmark can build the same network as a
TensorFlow SavedModel (with TF Java) and compare the two handlers on one model.

  mlp.onnx:      features float32 [N, 27] -> score float32 [N, 1]; dynamic batch
  weights.json:  w1 [27][64], b1 [64], w2 [64][32], b2 [32], w3 [32][1], b3 [1] (x @ w + b)
  expected.json: fixed inputs and PyTorch's outputs for them

Run with Debian's python3-torch: /usr/bin/python3 export_mlp.py
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(27)
layers = [torch.nn.Linear(27, 64), torch.nn.Linear(64, 32), torch.nn.Linear(32, 1)]
model = torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1], torch.nn.ReLU(), layers[2],
                            torch.nn.Sigmoid())
model.eval()
x = torch.rand(8, 27) * 4
torch.onnx.export(model, (x[:1],), os.path.join(HERE, "mlp.onnx"),
                  input_names=["features"], output_names=["score"],
                  dynamic_axes={"features": {0: "batch"}, "score": {0: "batch"}},
                  opset_version=13)
weights = {}
for i, layer in enumerate(layers, start=1):
    weights[f"w{i}"] = layer.weight.detach().t().tolist()
    weights[f"b{i}"] = layer.bias.detach().tolist()
with open(os.path.join(HERE, "weights.json"), "w") as f:
    json.dump(weights, f)
with torch.no_grad():
    y = model(x)
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"features": x.tolist(), "score": y.tolist(), "torch": torch.__version__}, f)
print("wrote mlp.onnx, weights.json, expected.json")
