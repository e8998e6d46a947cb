# Multiply-add FLOPs of the sample models by PyTorch 1.13 profiler (with_flops): the reference of flops.test.ts.
# Run: /usr/bin/python3 graph-core/src/analysis/flops-reference.py
import torch, torch.nn as nn
from torch.profiler import profile
def count(m, x):
    with profile(with_flops=True) as p:
        m(x)
    return {e.key: e.flops for e in p.key_averages() if e.flops}
cnn = nn.Sequential(nn.Conv2d(1,8,5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8,16,5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256,10))
print('cnn', count(cnn, torch.zeros(1,1,28,28)))
mlp = nn.Sequential(nn.Flatten(), nn.Linear(784,128), nn.ReLU(), nn.Linear(128,10))
print('mlp', count(mlp, torch.zeros(1,1,28,28)))
lstm = nn.LSTM(28, 64, batch_first=True)
print('lstm', count(lstm, torch.zeros(1,28,28)))
