/** losses.py: Layerloom's losses with Keras semantics (probabilities in), and its optimizers' update rules. */
export const LOSSES_PY = `"""Layerloom's losses and optimizers with tfjs / Keras semantics (written by layerloom export)."""
import math

import torch
import torch.nn.functional as F

EPS = 1e-7  # Keras's fuzz factor


def per_sample_loss(loss_id, t, p, delta=1.0):
    """The loss of each sample; t is the encoded label, p the model's output (probabilities, not logits)."""
    if loss_id in ("categoricalCrossentropy", "sparseCategoricalCrossentropy"):
        q = torch.clamp(p / p.sum(-1, keepdim=True), EPS, 1 - EPS)
        return -(t * torch.log(q)).sum(-1)
    if loss_id == "binaryCrossentropy":
        q = torch.clamp(p, EPS, 1 - EPS)
        return -(t * torch.log(q) + (1 - t) * torch.log(1 - q)).mean(-1)
    if loss_id == "meanSquaredError":
        return ((t - p) ** 2).mean(-1)
    if loss_id == "meanAbsoluteError":
        return (t - p).abs().mean(-1)
    if loss_id == "meanAbsolutePercentageError":
        return 100 * ((t - p).abs() / t.abs().clamp(min=EPS)).mean(-1)
    if loss_id == "meanSquaredLogarithmicError":
        return ((torch.log1p(p.clamp(min=EPS)) - torch.log1p(t.clamp(min=EPS))) ** 2).mean(-1)
    if loss_id == "huber":
        err = (t - p).abs()
        quadratic = err.clamp(max=delta)
        return (0.5 * quadratic**2 + delta * (err - quadratic)).mean(-1)
    if loss_id == "logcosh":
        x = p - t
        return (x + F.softplus(-2 * x) - math.log(2)).mean(-1)
    if loss_id in ("hinge", "squaredHinge"):
        margin = torch.relu(1 - (2 * t - 1) * p)
        return (margin if loss_id == "hinge" else margin**2).mean(-1)
    if loss_id == "categoricalHinge":
        pos = (t * p).sum(-1)
        neg = ((1 - t) * p).max(-1).values
        return torch.relu(neg - pos + 1)
    if loss_id == "kullbackLeiblerDivergence":
        tt, pp = t.clamp(EPS, 1), p.clamp(EPS, 1)
        return (tt * torch.log(tt / pp)).sum(-1)
    if loss_id == "poisson":
        return (p - t * torch.log(p + EPS)).mean(-1)
    if loss_id == "cosineProximity":
        tn = t / t.norm(dim=-1, keepdim=True).clamp(min=EPS)
        pn = p / p.norm(dim=-1, keepdim=True).clamp(min=EPS)
        return -(tn * pn).sum(-1)
    raise ValueError(f"unknown loss {loss_id}")


def encode_labels(y, encoding, units):
    """Class indices (or values) as the loss wants them: one-hot rows, or [N, 1] values."""
    if encoding in ("onehot", "index"):
        return F.one_hot(y.long(), units).to(torch.float32)
    return y.reshape(-1, 1).to(torch.float32)


def correct_count(y, p, encoding):
    if encoding == "value":
        return ((p.reshape(-1) > 0.5) == (y.reshape(-1) > 0.5)).sum()
    return (p.argmax(-1) == y.long()).sum()


class KerasOptimizer(torch.optim.Optimizer):
    """tfjs's RMSProp (epsilon inside the root, learning rate inside the momentum), Adagrad (initial
    accumulator 0.1) and Adamax, whose torch versions place epsilon or start state differently."""

    def __init__(self, params, kind, lr, rho=0.9, momentum=0.0, beta1=0.9, beta2=0.999, epsilon=1e-7):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, beta1=beta1, beta2=beta2, epsilon=epsilon))
        self.kind = kind

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, eps = group["lr"], group["epsilon"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if self.kind == "rmsprop":
                    if not state:
                        state["ms"] = torch.zeros_like(p)
                        state["mom"] = torch.zeros_like(p)
                    state["ms"].mul_(group["rho"]).addcmul_(g, g, value=1 - group["rho"])
                    state["mom"].mul_(group["momentum"]).add_(lr * g / torch.sqrt(state["ms"] + eps))
                    p.sub_(state["mom"])
                elif self.kind == "adagrad":
                    if not state:
                        state["acc"] = torch.full_like(p, 0.1)
                    state["acc"].addcmul_(g, g)
                    p.sub_(lr * g / torch.sqrt(state["acc"] + 1e-7))
                elif self.kind == "adamax":
                    if not state:
                        state["t"] = 0
                        state["m"] = torch.zeros_like(p)
                        state["u"] = torch.zeros_like(p)
                    state["t"] += 1
                    state["m"].mul_(group["beta1"]).add_(g, alpha=1 - group["beta1"])
                    torch.maximum(state["u"] * group["beta2"], g.abs(), out=state["u"])
                    p.sub_(lr / (1 - group["beta1"] ** state["t"]) * state["m"] / (state["u"] + eps))
                else:
                    raise ValueError(f"KerasOptimizer does not do {self.kind}")


def make_optimizer(params, c):
    """The graph's Optimizer node. SGD, momentum, Adam and Adadelta use torch's (same equations as tfjs)."""
    kind, lr = c["optimizer"], c["learningRate"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=c["momentum"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(c["beta1"], c["beta2"]), eps=c["epsilon"])
    if kind == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, rho=c["rho"], eps=c["epsilon"])
    return KerasOptimizer(params, kind, lr, rho=c["rho"], momentum=c["momentum"], beta1=c["beta1"],
                          beta2=c["beta2"], epsilon=c["epsilon"])


def learning_rate_at(c, step):
    """The learning-rate schedule for a 0-based global batch index, as Layerloom computes it."""
    lr, decay = c["learningRate"], c["decay"]
    if decay == "exponential":
        return lr * c["decayRate"] ** (step / c["decaySteps"])
    if decay == "step":
        return lr * c["decayRate"] ** (step // c["decaySteps"])
    if decay == "cosine":
        return lr * 0.5 * (1 + math.cos(math.pi * min(step, c["decaySteps"]) / c["decaySteps"]))
    return lr


class EarlyStopper:
    """Keras semantics: stop once the monitored metric has not improved for patience epochs in a row."""

    def __init__(self, config, state=None):
        self.monitor, self.patience = config["monitor"], config["patience"]
        self.best, self.wait = (state or {}).get("best"), (state or {}).get("wait", 0)

    def state(self):
        return {"best": self.best, "wait": self.wait}

    def update(self, m):
        fallback = {"val_loss": "loss", "val_acc": "acc"}.get(self.monitor, self.monitor)
        value = m.get(self.monitor)
        value = m.get(fallback) if value is None else value
        if value is None:
            return False
        higher = self.monitor.endswith("acc")
        if self.best is None or (value > self.best if higher else value < self.best):
            self.best, self.wait = value, 0
            return False
        self.wait += 1
        return self.wait >= self.patience
`;
