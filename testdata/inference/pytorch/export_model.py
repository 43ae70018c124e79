#!/usr/bin/env python3
"""Exports a PyTorch MLP to ONNX with PyTorch's own exporter (torch.onnx.export), not with Vigil.

  sensor_mlp.onnx: readings float32 [N, 4] -> Linear(4, 8) -> ReLU -> Linear(8, 1) -> Sigmoid
                   -> anomaly float32 [N, 1]; the batch dimension is dynamic.

expected.json holds fixed inputs and PyTorch's own outputs for them (the values a Java caller
must reproduce to 1e-5). Run with Debian's python3-torch: /usr/bin/python3 export_model.py
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(18)
model = torch.nn.Sequential(
    torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1), torch.nn.Sigmoid())
model.eval()

readings = torch.randn(7, 4) * 1.5
torch.onnx.export(
    model, (readings[:1],), os.path.join(HERE, "sensor_mlp.onnx"),
    input_names=["readings"], output_names=["anomaly"],
    dynamic_axes={"readings": {0: "batch"}, "anomaly": {0: "batch"}}, opset_version=13)
with torch.no_grad():
    expected = model(readings)
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"readings": readings.tolist(), "anomaly": expected.tolist(),
               "torch": torch.__version__}, f, indent=1)
print("wrote sensor_mlp.onnx, expected.json with torch", torch.__version__)
