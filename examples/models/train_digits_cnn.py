#!/usr/bin/python3
"""Trains the bundled digits CNN and exports it for `ondeck demo`.

Data: scikit-learn's bundled handwritten digits (1797 images of 8x8, no download), scaled to [0, 1],
split 75/25 (stratified, seed 7). Model: three 3x3 convolutions (the last two with stride 2) with
BatchNorm and ReLU, then a linear classifier; 11,042 parameters. Output: ONNX opset 13 with a dynamic
batch dimension ("batch"), inputs "image" float32[batch,1,8,8], outputs "logits" and "probs"
float32[batch,10], written to examples/models/digits_cnn.onnx, plus 24 held-out images
(digits/images.npy), their labels (digits/labels.npy, int64) and PyTorch's logits for them
(digits/logits.npy) so the engine can be checked against PyTorch.

Run with Debian's python3 (apt-get install python3-torch python3-sklearn):
    /usr/bin/python3 examples/models/train_digits_cnn.py
"""
import os
import time

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = 24


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 12, 3, padding=1), nn.BatchNorm2d(12), nn.ReLU(),              # (B, 12, 8, 8)
            nn.Conv2d(12, 24, 3, stride=2, padding=1), nn.BatchNorm2d(24), nn.ReLU(),   # (B, 24, 4, 4)
            nn.Conv2d(24, 32, 3, stride=2, padding=1), nn.ReLU(),                       # (B, 32, 2, 2)
            nn.Flatten())                                                               # (B, 128)
        self.head = nn.Linear(128, 10)                                                  # (B, 10)

    def forward(self, image):
        logits = self.head(self.body(image))
        return logits, torch.softmax(logits, dim=1)


def main():
    torch.manual_seed(7)
    torch.set_num_threads(2)
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=7, stratify=y)
    model = DigitsCNN()
    opt = torch.optim.AdamW(model.parameters(), lr=4e-3, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(xtr), torch.from_numpy(ytr).long()
    start = time.time()
    epochs = 40
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), 50):
            batch = order[i:i + 50]
            opt.zero_grad()
            loss_fn(model(xt[batch])[0], yt[batch]).backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        logits, _ = model(torch.from_numpy(xte))
    accuracy = float((logits.argmax(1).numpy() == yte).mean())
    params = sum(p.numel() for p in model.parameters())
    print(f"trained {epochs} epochs in {time.time() - start:.1f} s; {params} parameters; "
          f"held-out accuracy {accuracy:.4f} ({int(round(accuracy * len(yte)))}/{len(yte)} images)")

    path = os.path.join(HERE, "digits_cnn.onnx")
    torch.onnx.export(model, torch.from_numpy(xte[:1]), path, opset_version=13,
                      input_names=["image"], output_names=["logits", "probs"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}, "probs": {0: "batch"}},
                      do_constant_folding=True)
    out = os.path.join(HERE, "digits")
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "images.npy"), np.ascontiguousarray(xte[:SAMPLES]))
    np.save(os.path.join(out, "labels.npy"), yte[:SAMPLES].astype(np.int64))
    np.save(os.path.join(out, "logits.npy"), logits[:SAMPLES].numpy().astype(np.float32))
    print(f"wrote {path} ({os.path.getsize(path)} bytes) and {SAMPLES} held-out digits to {out}")


if __name__ == "__main__":
    main()
