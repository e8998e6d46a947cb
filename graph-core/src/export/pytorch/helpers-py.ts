/**
 * Python definitions model.py carries only when a node needs them, each with what it depends on.
 * They implement tfjs's semantics where torch has no layer with the same equations.
 */
interface Helper {
  needs: string[];
  code: string;
}

const RECURRENT_INIT = `    def reset_parameters(self):
        # Keras's initialisers: glorot-uniform inputs, orthogonal recurrence, zero bias.
        nn.init.xavier_uniform_(self.kernel)
        nn.init.orthogonal_(self.recurrent_kernel)
        if self.bias is not None:
            nn.init.zeros_(self.bias)`;

const recurrentInit = (
  gates: number,
) => `    def __init__(self, input_size, units, activation="tanh", recurrent_activation="hardSigmoid",
                 use_bias=True, return_sequences=False):
        super().__init__()
        self.units = units
        self.activation = ACTIVATIONS[activation]
        self.recurrent_activation = ACTIVATIONS[recurrent_activation]
        self.return_sequences = return_sequences
        self.kernel = nn.Parameter(torch.empty(input_size, ${gates} * units))
        self.recurrent_kernel = nn.Parameter(torch.empty(units, ${gates} * units))
        self.bias = nn.Parameter(torch.empty(${gates} * units)) if use_bias else None
        self.reset_parameters()

${RECURRENT_INIT}`;

const HELPERS: Record<string, Helper> = {
  hard_sigmoid: {
    needs: [],
    code: `def hard_sigmoid(x):
    """tfjs's hardSigmoid: clip(0.2 x + 0.5, 0, 1) (torch's F.hardsigmoid uses x / 6)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)`,
  },
  ACTIVATIONS: {
    needs: ['hard_sigmoid'],
    code: `ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": torch.relu,
    "relu6": F.relu6,
    "elu": F.elu,
    "selu": torch.selu,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "sigmoid": torch.sigmoid,
    "hardSigmoid": hard_sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda x: torch.softmax(x, dim=-1),
    "logSoftmax": lambda x: torch.log_softmax(x, dim=-1),
    "swish": F.silu,
    "mish": F.mish,
    "gelu": F.gelu,
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
}`,
  },
  avg_pool_same: {
    needs: [],
    code: `def avg_pool_same(x, kernel, stride, pad):
    """TensorFlow's average pool with "same" padding: the mean of the pixels inside the image only."""
    total = F.avg_pool2d(F.pad(x, pad), kernel, stride)
    inside = F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), pad), kernel, stride)
    return total / inside`,
  },
  KerasPReLU: {
    needs: [],
    code: `class KerasPReLU(nn.Module):
    """Keras's PReLU: one learned slope per value of the sample (channels last)."""

    def __init__(self, shape):
        super().__init__()
        self.alpha = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return torch.where(x >= 0, x, self.alpha * x)`,
  },
  KerasLSTM: {
    needs: ['ACTIVATIONS'],
    code: `class KerasLSTM(nn.Module):
    """LSTM with Keras's equations and weight layout: kernel [in, 4u], gates i, f, c, o."""

${recurrentInit(4)}

    def forward(self, x):
        n, steps, _ = x.shape
        h = x.new_zeros(n, self.units)
        c = x.new_zeros(n, self.units)
        xs = x @ self.kernel
        if self.bias is not None:
            xs = xs + self.bias
        outputs = []
        for t in range(steps):
            i, f, g, o = (xs[:, t] + h @ self.recurrent_kernel).chunk(4, dim=1)
            c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
            h = self.recurrent_activation(o) * self.activation(c)
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`,
  },
  KerasGRU: {
    needs: ['ACTIVATIONS'],
    code: `class KerasGRU(nn.Module):
    """GRU as tfjs computes it (Keras reset_after=False): kernel [in, 3u], gates z, r, h, and the
    reset gate applied to the state before the recurrent matmul (nn.GRU applies it after)."""

${recurrentInit(3)}

    def forward(self, x):
        n, steps, _ = x.shape
        u = self.units
        h = x.new_zeros(n, u)
        xs = x @ self.kernel
        if self.bias is not None:
            xs = xs + self.bias
        outputs = []
        for t in range(steps):
            xz, xr, xh = xs[:, t].chunk(3, dim=1)
            rz, rr = (h @ self.recurrent_kernel[:, : 2 * u]).chunk(2, dim=1)
            z = self.recurrent_activation(xz + rz)
            r = self.recurrent_activation(xr + rr)
            candidate = self.activation(xh + (r * h) @ self.recurrent_kernel[:, 2 * u :])
            h = z * h + (1 - z) * candidate
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`,
  },
  KerasBidirectional: {
    needs: [],
    code: `class KerasBidirectional(nn.Module):
    """tfjs's Bidirectional: the backward layer reads the steps in reverse (its sequence output is
    reversed back), then both outputs are joined: concat, sum, mul or ave."""

    def __init__(self, forward_layer, backward_layer, merge_mode="concat", return_sequences=False):
        super().__init__()
        self.forward_layer = forward_layer
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences = return_sequences

    def forward(self, x):
        y = self.forward_layer(x)
        y_rev = self.backward_layer(torch.flip(x, dims=[1]))
        if self.return_sequences:
            y_rev = torch.flip(y_rev, dims=[1])
        if self.merge_mode == "concat":
            return torch.cat([y, y_rev], dim=-1)
        if self.merge_mode == "sum":
            return y + y_rev
        if self.merge_mode == "mul":
            return y * y_rev
        return (y + y_rev) / 2`,
  },
  KerasSimpleRNN: {
    needs: ['ACTIVATIONS'],
    code: `class KerasSimpleRNN(nn.Module):
    """A plain recurrent layer with any activation: h = act(x W + h U + b), Keras weight layout."""

    def __init__(self, input_size, units, activation="tanh", use_bias=True, return_sequences=False):
        super().__init__()
        self.units = units
        self.activation = ACTIVATIONS[activation]
        self.return_sequences = return_sequences
        self.kernel = nn.Parameter(torch.empty(input_size, units))
        self.recurrent_kernel = nn.Parameter(torch.empty(units, units))
        self.bias = nn.Parameter(torch.empty(units)) if use_bias else None
        self.reset_parameters()

${RECURRENT_INIT}

    def forward(self, x):
        n, steps, _ = x.shape
        h = x.new_zeros(n, self.units)
        xs = x @ self.kernel
        if self.bias is not None:
            xs = xs + self.bias
        outputs = []
        for t in range(steps):
            h = self.activation(xs[:, t] + h @ self.recurrent_kernel)
            outputs.append(h)
        return torch.stack(outputs, dim=1) if self.return_sequences else h`,
  },
};

/** The definitions for `names` and everything they need, dependencies first, each once. */
export function helperCode(names: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const h = HELPERS[name];
    if (!h) throw new Error(`unknown model.py helper ${name}`);
    h.needs.forEach(visit);
    out.push(h.code);
  };
  for (const n of names) visit(n);
  return out;
}
