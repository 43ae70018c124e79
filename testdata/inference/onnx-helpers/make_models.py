#!/usr/bin/env python3
"""Makes two ONNX models with the onnx package's own helpers (onnx.helper), not with Vigil.

  anomaly.onnx: readings float32 [N, 4] -> MLP 4-3-1 -> score float32 [N, 1] (sigmoid) and
                hidden float32 [N, 3] (the ReLU layer): one input, two outputs.
  embed.onnx:   ids int64 [N, 2] (rows of a 10x3 embedding table) and x float32 [N, 3]
                -> y float32 [N, 1] = sum(table[ids]) . x : two inputs, one of them int64.

The weights come from a seeded generator; expected.json holds fixed inputs and the outputs that
the graph defines, computed here in float32 with numpy (onnx 1.12, Debian's, has no reference
evaluator). Run with Debian's python3-onnx: /usr/bin/python3 make_models.py
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(18)

w1 = rng.normal(0, 0.7, (4, 3)).astype(np.float32)
b1 = rng.normal(0, 0.1, (3,)).astype(np.float32)
w2 = rng.normal(0, 0.7, (3, 1)).astype(np.float32)
b2 = np.array([-0.2], dtype=np.float32)

anomaly = helper.make_graph(
    [
        helper.make_node("MatMul", ["readings", "w1"], ["h_lin"]),
        helper.make_node("Add", ["h_lin", "b1"], ["h_pre"]),
        helper.make_node("Relu", ["h_pre"], ["hidden"]),
        helper.make_node("MatMul", ["hidden", "w2"], ["o_lin"]),
        helper.make_node("Add", ["o_lin", "b2"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["score"]),
    ],
    "anomaly",
    [helper.make_tensor_value_info("readings", TensorProto.FLOAT, ["N", 4])],
    [
        helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N", 1]),
        helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["N", 3]),
    ],
    [numpy_helper.from_array(a, n) for a, n in ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))],
)
model = helper.make_model(anomaly, producer_name="onnx.helper",
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(HERE, "anomaly.onnx"))

table = rng.normal(0, 1, (10, 3)).astype(np.float32)
embed = helper.make_graph(
    [
        helper.make_node("Gather", ["table", "ids"], ["rows"], axis=0),  # [N, 2, 3]
        helper.make_node("ReduceSum", ["rows", "axis1"], ["summed"], keepdims=0),  # [N, 3]
        helper.make_node("Mul", ["summed", "x"], ["prod"]),
        helper.make_node("ReduceSum", ["prod", "axis_last"], ["y"], keepdims=1),  # [N, 1]
    ],
    "embed",
    [
        helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", 2]),
        helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3]),
    ],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
    [
        numpy_helper.from_array(table, "table"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_last"),
    ],
)
model = helper.make_model(embed, producer_name="onnx.helper",
                          opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(HERE, "embed.onnx"))

readings = rng.normal(0, 1.5, (6, 4)).astype(np.float32)
hidden = np.maximum(readings @ w1 + b1, 0).astype(np.float32)
score = (1 / (1 + np.exp(-(hidden @ w2 + b2)))).astype(np.float32)
ids = rng.integers(0, 10, (5, 2)).astype(np.int64)
x = rng.normal(0, 1, (5, 3)).astype(np.float32)
y = ((table[ids].sum(axis=1)) * x).sum(axis=1, keepdims=True).astype(np.float32)
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({
        "anomaly": {"readings": readings.tolist(), "score": score.tolist(),
                    "hidden": hidden.tolist()},
        "embed": {"ids": ids.tolist(), "x": x.tolist(), "y": y.tolist()},
    }, f, indent=1)
print("wrote anomaly.onnx, embed.onnx, expected.json")
