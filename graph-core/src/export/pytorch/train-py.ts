/** train.py: trains the exported graph alone or under torchrun and writes a Layerloom run folder. */
export const TRAIN_PY = `"""Trains the exported Layerloom graph with its loss, optimizer, learning-rate schedule, batch size,
epochs, early stopping and seed, and writes a Layerloom run folder (summary.json, metrics.jsonl,
graph.layerloom) that opens in Layerloom's Runs panel and in "layerloom compare".

    python train.py [--epochs N] [--out RUN_DIR] [--resume RUN_DIR_OR_CHECKPOINT] [--from-trained]
    torchrun --nproc_per_node=4 train.py          # DDP: gloo on CPU, NCCL on CUDA

Under torchrun the graph's batch size is the global batch: each process takes its share.
Only rank 0 writes logs, checkpoints and the run folder.
"""
import argparse
import json
import os
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

from data import Augment, load_splits
from losses import EarlyStopper, correct_count, encode_labels, learning_rate_at, make_optimizer, per_sample_loss
from model import Model, load_model

HERE = Path(__file__).parent
CONFIG = json.loads((HERE / "config.json").read_text())
TRAINING = CONFIG["training"]
OPT = TRAINING["optimizer"]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, help=f"epochs in all (the graph says {OPT['epochs']})")
    ap.add_argument("--out", help="run folder to write (default: runs/<time>-<project>-pytorch)")
    ap.add_argument("--resume", help="a run folder (or its checkpoint.pt) to continue")
    ap.add_argument("--from-trained", action="store_true", help="start from the exported weights, not fresh ones")
    return ap.parse_args()


def now_iso():
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def write_json(path, value):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, indent=2) + "\\n")
    os.replace(tmp, path)


def graph_with_epochs(epochs):
    """graph.layerloom as this run trains it: a changed epoch count is written into the Optimizer."""
    doc = json.loads((HERE / "graph.layerloom").read_text())
    for node in doc["nodes"]:
        if node["type"] == "Optimizer":
            node["params"]["epochs"] = epochs
    return json.dumps(doc, indent=2) + "\\n"


def default_out():
    slug = re.sub(r"[^a-z0-9]+", "-", CONFIG["project"].lower()).strip("-")[:40] or "project"
    return HERE / "runs" / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{slug}-pytorch"


def count_params(model):
    """Parameters plus BatchNorm's moving statistics, as Keras counts them."""
    buffers = sum(b.numel() for b in model.buffers() if b.is_floating_point())
    return sum(p.numel() for p in model.parameters()) + buffers


def penalty(model):
    """The graph's kernel and bias L1/L2 penalties, added to the training loss as tfjs adds them."""
    total = 0.0
    for r in TRAINING.get("regularizers", []):
        w = model.get_parameter(r["weight"])
        if r["l1"]:
            total = total + r["l1"] * w.abs().sum()
        if r["l2"]:
            total = total + r["l2"] * w.square().sum()
    return total


def evaluate(model, x, y, device):
    """Mean loss and accuracy over a whole split in inference mode."""
    if len(x) == 0:
        return None, None
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 1024):
            xb, yb = x[i : i + 1024].to(device), y[i : i + 1024].to(device)
            p = model(xb)
            t = encode_labels(yb, TRAINING["labelEncoding"], TRAINING["outputUnits"])
            loss_sum += per_sample_loss(TRAINING["loss"], t, p, TRAINING["delta"]).sum().item()
            correct += int(correct_count(yb, p, TRAINING["labelEncoding"]))
    model.train()
    acc = correct / len(x) if TRAINING["classification"] else None
    return loss_sum / len(x), acc


def main():
    args = parse_args()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = torch.cuda.is_available()
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    lead = rank == 0
    backend = f"pytorch-{'cuda' if cuda else 'cpu'}"
    seed = OPT["seed"]

    checkpoint, out = None, Path(args.out) if args.out else None
    if args.resume:
        resume = Path(args.resume)
        file = resume / "checkpoint.pt" if resume.is_dir() else resume
        checkpoint = torch.load(file, map_location="cpu")
        out = out or file.parent
    out = out or default_out()
    epochs = args.epochs or (checkpoint["epochsPlanned"] if checkpoint else OPT["epochs"])

    torch.manual_seed(seed)
    model = load_model() if args.from_trained else Model()
    model.train()
    if checkpoint:
        model.load_state_dict(checkpoint["model"])
    model.to(device)
    torch.manual_seed(seed + rank)  # dropout masks differ between processes
    net = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if world > 1 else model
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(params, OPT)
    if checkpoint:
        optimizer.load_state_dict(checkpoint["optimizer"])

    splits = load_splits()
    x_train, y_train = splits["train"]
    x_val, y_val = splits["validation"]
    dataset = TensorDataset(x_train, y_train)
    sampler = DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=seed)
    batch_size = max(1, min(OPT["batchSize"], len(dataset)) // world)
    loader = DataLoader(dataset, batch_size=batch_size, sampler=sampler)
    augment = Augment(seed)
    stopper = EarlyStopper(OPT["earlyStopping"], checkpoint and checkpoint["stopper"]) if OPT["earlyStopping"] else None

    history = checkpoint["history"] if checkpoint else []
    first = checkpoint["epoch"] + 1 if checkpoint else 1
    step = checkpoint["step"] if checkpoint else 0
    started = time.time()
    started_at = checkpoint["startedAt"] if checkpoint else now_iso()
    status, message, stopped_early = "completed", None, None
    # A fresh run's first batch loss (the mean over processes): an epoch whose mean training loss ends
    # above twice it has diverged, as in Layerloom (cross-entropy clips, so it plateaus, never NaN).
    start_loss = None
    if lead:
        out.mkdir(parents=True, exist_ok=True)
        (out / "graph.layerloom").write_text(graph_with_epochs(epochs))
        if not (out / "meta.json").exists():
            write_json(out / "meta.json", {
                "name": f"{CONFIG['project']} (PyTorch)", "tags": ["pytorch"],
                "note": f"Trained by the exported train.py on {world} process(es), {'CUDA' if cuda else 'CPU'}.",
                "projectName": CONFIG["project"], "projectId": None, "sweepId": None, "createdAt": started_at,
                "runFormat": 1,
            })
        write_json(out / "summary.json", {"status": "running", "backend": backend, "totalParams": count_params(model), "startedAt": started_at})
        print(f"Training {CONFIG['project']} on {len(dataset)} samples, {world} process(es), {device}; writing {out}", flush=True)

    for epoch in range(first, epochs + 1):
        epoch_start = time.time()
        sampler.set_epoch(epoch)
        augment.reseed(seed * 1000 + epoch * 97 + rank)
        totals = torch.zeros(4, dtype=torch.float64)
        lr = learning_rate_at(OPT, step)
        for xb, yb in loader:
            lr = learning_rate_at(OPT, step)
            for group in optimizer.param_groups:
                group["lr"] = lr
            if augment:
                xb = augment(xb)
            xb, yb = xb.to(device), yb.to(device)
            pred = net(xb)
            target = encode_labels(yb, TRAINING["labelEncoding"], TRAINING["outputUnits"])
            loss = per_sample_loss(TRAINING["loss"], target, pred, TRAINING["delta"]).mean() + penalty(model)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            n = len(yb)
            first_batch = loss.item() if start_loss is None and first == 1 and step == 1 else 0.0
            totals += torch.tensor([loss.item() * n, float(correct_count(yb, pred.detach(), TRAINING["labelEncoding"])), n, first_batch], dtype=torch.float64)
        if world > 1:
            dist.all_reduce(totals)
        loss_sum, correct, seen, first_batches = totals.tolist()
        if start_loss is None and first == 1:
            start_loss = first_batches / world
        train_seconds = time.time() - epoch_start
        val_loss, val_acc = evaluate(model, x_val, y_val, device)
        m = {
            "epoch": epoch, "loss": loss_sum / seen, "acc": correct / seen if TRAINING["classification"] else None,
            "val_loss": val_loss, "val_acc": val_acc, "lr": lr,
            "durationMs": (time.time() - epoch_start) * 1000, "samplesPerSec": seen / max(train_seconds, 1e-9),
        }
        if not torch.isfinite(torch.tensor(m["loss"])):
            status, message = "diverged", f"The loss became {m['loss']} in epoch {epoch}; lower the learning rate."
            break
        if start_loss is not None and start_loss > 0 and m["loss"] > 2 * start_loss:
            status, message = "diverged", (f"The training loss rose from {start_loss:.3g} at the first batch to {m['loss']:.3g} "
                                           f"over epoch {epoch} (more than 2x higher); lower the learning rate.")
            break
        history.append(m)
        stop = stopper.update(m) if stopper else False
        if lead:
            with open(out / "metrics.jsonl", "w") as f:
                f.writelines(json.dumps(h) + "\\n" for h in history)
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch, "step": step,
                        "history": history, "stopper": stopper.state() if stopper else None,
                        "epochsPlanned": epochs, "startedAt": started_at}, out / "checkpoint.pt")
            acc = "" if m["acc"] is None else f" acc {m['acc']:.4f}"
            val = "" if val_loss is None else f" val_loss {val_loss:.4f}" + ("" if val_acc is None else f" val_acc {val_acc:.4f}")
            print(f"Epoch {epoch}/{epochs} loss {m['loss']:.4f}{acc}{val}", flush=True)
        if stop:
            stopped_early = {"epoch": epoch, "monitor": stopper.monitor}
            break

    if lead:
        last = history[-1] if history else {}
        duration = (time.time() - started) * 1000
        summary = {
            "status": status, "backend": backend, "durationMs": duration, "totalParams": count_params(model),
            "final": {k: last.get(k) for k in ("loss", "acc", "val_loss", "val_acc")},
            "epochs": len(history), "epochsPlanned": epochs,
            "seed": seed, "batchSize": OPT["batchSize"],
            "samplesPerSec": sum(h["samplesPerSec"] for h in history) / max(len(history), 1),
            "dataset": {"name": CONFIG["data"]["name"], "train": len(x_train), "validation": len(x_val), "test": len(splits["test"][0])},
            "startedAt": started_at, "finishedAt": now_iso(), "project": CONFIG["project"], "worldSize": world,
        }
        if message:
            summary["message"] = message
        if stopped_early:
            summary["stoppedEarly"] = stopped_early
        test_loss, test_acc = evaluate(model, *splits["test"], device)
        if test_loss is not None:
            summary["test"] = {"loss": test_loss, "acc": test_acc, "count": len(splits["test"][0])}
        write_json(out / "summary.json", summary)
        print(f"Run folder: {out}", flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
