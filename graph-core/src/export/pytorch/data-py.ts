/** data.py: the run's splits, Normalize statistics and Augment, read from data.npz and config.json. */
export const DATA_PY = `"""The data the Layerloom run trained on (written by layerloom export).

data.npz holds each split's samples as the run saw them before Normalize (after Subset and Resize),
their labels and their indices into the dataset; config.json says which Normalize and Augment nodes
the graph has. load_splits() gives the same train / validation / test tensors Layerloom trained on.
"""
import json
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).parent
CONFIG = json.loads((HERE / "config.json").read_text())["data"]
FEATURE_SHAPE = tuple(CONFIG["featureShape"])
SPLITS = (("train", "train"), ("val", "validation"), ("test", "test"))


def normalize(x, arrays=None):
    """Rescales raw samples [N, *FEATURE_SHAPE] with the statistics each Normalize node fitted on
    the training split (in float64, then float32, as Layerloom does)."""
    own = arrays is None
    arrays = np.load(HERE / "data.npz") if own else arrays
    x = np.asarray(x, dtype=np.float32)
    for k, _ in enumerate(CONFIG["normalize"]):
        offset = arrays[f"normalize{k}_offset"]
        scale = arrays[f"normalize{k}_scale"]
        x = ((x.astype(np.float64) - offset) / scale).astype(np.float32)
    if own:
        arrays.close()
    return x


def load_splits():
    """{"train": (x, y), "validation": (x, y), "test": (x, y)}: float32 tensors, x normalised and
    shaped [N, *FEATURE_SHAPE], y the class index (or the target value for regression)."""
    out = {}
    with np.load(HERE / "data.npz") as arrays:
        for short, split in SPLITS:
            x = normalize(arrays[f"x_{short}"], arrays)
            out[split] = (torch.from_numpy(x), torch.from_numpy(arrays[f"y_{short}"]))
    return out


class Augment:
    """The graph's Augment nodes on training batches only (never validation or test): flips, shift,
    rotation and zoom of images with bilinear sampling and edge pixels repeated, then Gaussian noise.
    Draws come from its own generator, so they differ from Layerloom's but follow the same laws."""

    def __init__(self, seed):
        self.steps = CONFIG["augment"]
        self.generator = torch.Generator().manual_seed(seed)

    def __bool__(self):
        return bool(self.steps)

    def reseed(self, seed):
        self.generator.manual_seed(seed)

    def __call__(self, x):
        for p in self.steps:
            if x.dim() == 4 and any(p.get(k) for k in ("flipHorizontal", "flipVertical", "shift", "rotation", "zoom")):
                x = self._images(x, p)
            if p.get("noise", 0) > 0:
                x = x + p["noise"] * torch.randn(x.shape, generator=self.generator)
        return x

    def _images(self, x, p):
        n, h, w, _ = x.shape
        g = self.generator

        def uniform(a):
            return (torch.rand(n, generator=g) * 2 - 1) * a

        no = torch.zeros(n, dtype=torch.bool)
        flip_x = torch.rand(n, generator=g) < 0.5 if p.get("flipHorizontal") else no
        flip_y = torch.rand(n, generator=g) < 0.5 if p.get("flipVertical") else no
        theta = uniform(p.get("rotation", 0)) * math.pi / 180
        scale = 1 + uniform(p.get("zoom", 0))
        dx = uniform(p.get("shift", 0)) * w
        dy = uniform(p.get("shift", 0)) * h
        cy, cx = (h - 1) / 2, (w - 1) / 2
        oy, ox = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
        cos = (torch.cos(theta) / scale)[:, None, None]
        sin = (torch.sin(theta) / scale)[:, None, None]
        # Inverse mapping: where each output pixel comes from in the source image.
        u = ox - cx - dx[:, None, None]
        v = oy - cy - dy[:, None, None]
        sx = cos * u + sin * v + cx
        sy = -sin * u + cos * v + cy
        sx = torch.where(flip_x[:, None, None], w - 1 - sx, sx)
        sy = torch.where(flip_y[:, None, None], h - 1 - sy, sy)
        grid = torch.stack([sx / max(w - 1, 1) * 2 - 1, sy / max(h - 1, 1) * 2 - 1], dim=-1)
        out = F.grid_sample(x.permute(0, 3, 1, 2), grid, mode="bilinear", padding_mode="border", align_corners=True)
        return out.permute(0, 2, 3, 1).contiguous()
`;
