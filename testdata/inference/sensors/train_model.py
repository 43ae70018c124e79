#!/usr/bin/env python3
"""Trains the sensor demo's anomaly model with PyTorch and exports it with torch.onnx.export.

  sensor_anomaly.onnx: features float32 [N, 8] (SensorFeatures.NAMES: count, mean, std,
      slope_per_min, max_gap_s, max_abs_z, range, repeat_fraction, as the pipeline computes them)
      -> signed log1p -> standardisation (training statistics, inside the graph) -> MLP 64-64
      -> probabilities float32 [N, 5] (normal, spike, drift, stuck, dropout); dynamic batch.

Training data: the Java generator's windows, labelled with the fault they overlap, written by
  java -cp "$(cat benchmarks/target/classpath.txt)" \
      dev.vigil.pipelines.sensors.SensorTrainingData train.csv 1001 200 24
(seed 1001: the demo and the tests use other seeds). Then, with Debian's python3-torch:
  /usr/bin/python3 testdata/inference/sensors/train_model.py train.csv
expected.json holds fixed inputs and PyTorch's outputs for them (a Java test checks 1e-5).
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["normal", "spike", "drift", "stuck", "dropout"]
torch.manual_seed(18)
np.random.seed(18)

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=np.float64)
x_all, y_all = data[:, :8].astype(np.float32), data[:, 8].astype(np.int64)
order = np.random.permutation(len(x_all))
split = int(0.8 * len(order))
train_idx, val_idx = order[:split], order[split:]


def signed_log(x):
    return torch.sign(x) * torch.log1p(torch.abs(x))


class SensorModel(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(8, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, len(CLASSES)))

    def logits(self, features):
        return self.mlp((signed_log(features) - self.mean) / self.std)

    def forward(self, features):
        return torch.softmax(self.logits(features), dim=1)


x = torch.from_numpy(x_all)
y = torch.from_numpy(y_all)
logged = signed_log(x[train_idx])
model = SensorModel(logged.mean(0), logged.std(0).clamp_min(1e-6))
counts = torch.bincount(y[train_idx], minlength=len(CLASSES)).float()
weights = (counts.sum() / counts).sqrt()
loss_fn = torch.nn.CrossEntropyLoss(weight=weights / weights.mean())
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(12):
    model.train()
    perm = train_idx[np.random.permutation(len(train_idx))]
    for i in range(0, len(perm), 512):
        b = torch.from_numpy(perm[i:i + 512])
        opt.zero_grad()
        loss = loss_fn(model.logits(x[b]), y[b])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        p = model(x[val_idx])
        pred = p.argmax(1)
        acc = (pred == y[val_idx]).float().mean().item()
        flagged = p[:, 0] < 0.5
        truly = y[val_idx] != 0
        precision = (flagged & truly).sum().item() / max(1, flagged.sum().item())
        recall = (flagged & truly).sum().item() / max(1, truly.sum().item())
    print(f"epoch {epoch}: loss {loss.item():.4f} val accuracy {acc:.4f} "
          f"anomaly window precision {precision:.3f} recall {recall:.3f}")

model.eval()
example = x[val_idx[:1]]
torch.onnx.export(
    model, (example,), os.path.join(HERE, "sensor_anomaly.onnx"),
    input_names=["features"], output_names=["probabilities"],
    dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}}, opset_version=13)
fixed = x[val_idx[:6]]
with torch.no_grad():
    expected = model(fixed)
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"features": fixed.tolist(), "probabilities": expected.tolist(),
               "classes": CLASSES, "torch": torch.__version__}, f, indent=1)
print("wrote sensor_anomaly.onnx, expected.json with torch", torch.__version__)
