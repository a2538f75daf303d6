"""The same steps in PyTorch on the CPU, written the way its tutorials do (nn.Sequential,
torch.optim.SGD, zero_grad/backward/step). Optional: nothing here runs without torch."""
import numpy as np

from .timing import Candidate


_DEFAULT_THREADS = {}


def load():
    """The torch module, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    _DEFAULT_THREADS.setdefault("n", torch.get_num_threads())  # before anything here changes it
    return torch


def _model(torch, net):
    """An nn.Sequential with the network's layers, activations and current weights (float64)."""
    nn = torch.nn
    act = {"linear": nn.Identity, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU,
           "leaky_relu": lambda: nn.LeakyReLU(0.01), "softmax": nn.Identity}  # softmax lives in the loss
    layers = []
    for l, name in enumerate(net.activations):
        linear = nn.Linear(net.sizes[l], net.sizes[l + 1], bias=net.bias[l], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(net.weights[l]))
            if net.bias[l]:
                linear.bias.copy_(torch.from_numpy(net.biases[l]))
        layers += [linear, act[name]()]
    return nn.Sequential(*layers)


def _loss_fn(torch, loss):
    F = torch.nn.functional
    if loss == "mse":  # the project's mse: mean over samples of the sum over outputs
        return lambda out, y: F.mse_loss(out, y, reduction="sum") / out.shape[0]
    if loss == "cross_entropy":  # softmax + cross-entropy on the logits, targets as class indices
        return F.cross_entropy
    if loss == "binary_cross_entropy":
        return lambda out, y: F.binary_cross_entropy(out, y)
    raise ValueError(loss)


def _targets(torch, loss, Y):
    Y = torch.from_numpy(np.ascontiguousarray(Y))
    return Y.argmax(dim=1) if loss == "cross_entropy" else Y


class _TorchCandidate(Candidate):
    """Runs with a set number of intra-op threads (None: PyTorch's default). On a busy machine
    PyTorch's thread pool can wait on itself for a long time, so the table keeps the better of
    its default and one thread."""

    threads = None

    def with_threads(self, threads):
        self.threads = threads
        return self

    def setup(self):
        default = _DEFAULT_THREADS.setdefault("n", self.torch.get_num_threads())
        self.torch.set_num_threads(self.threads or default)

    def teardown(self):
        self.torch.set_num_threads(_DEFAULT_THREADS["n"])


class TorchStep(_TorchCandidate):
    """One SGD step per batch, cycling through contiguous batches like the API path."""

    def __init__(self, torch, net, loss, lr, batch, data):
        self.torch = torch
        self.model = _model(torch, net)
        self.loss_fn = _loss_fn(torch, loss)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)
        self.X = torch.from_numpy(np.ascontiguousarray(data.X_train))
        self.Y = _targets(torch, loss, data.Y_train)
        self.m, self.i = batch, 0

    def block(self, k):
        model, loss_fn, opt, X, Y, m = self.model, self.loss_fn, self.opt, self.X, self.Y, self.m
        n, i = len(X), self.i
        for _ in range(k):
            if i + m > n:
                i = 0
            opt.zero_grad()
            loss_fn(model(X[i:i + m]), Y[i:i + m]).backward()
            opt.step()
            i += m
        self.i = i


class TorchTraining(_TorchCandidate):
    """A PyTorch training loop with the Trainer's mini-batch scheme: each epoch shuffled by a
    permutation seeded by (seed, epoch), walked in order, the last batch of an epoch smaller."""

    def __init__(self, torch, make_trainer):
        self.torch, self.make_trainer = torch, make_trainer

    def setup(self):
        super().setup()
        torch, trainer = self.torch, self.make_trainer()
        self.model = _model(torch, trainer.network)
        self.loss_fn = _loss_fn(torch, trainer.loss)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=trainer.lr)
        self.X = torch.from_numpy(np.ascontiguousarray(trainer.data.X_train))
        self.Y = _targets(torch, trainer.loss, trainer.data.Y_train)
        self.seed, self.m = trainer.seed, trainer.batch_size
        self.epoch, self.position = 0, 0

    def block(self, k):
        torch, model, loss_fn, opt, m = self.torch, self.model, self.loss_fn, self.opt, self.m
        n = len(self.X)
        for _ in range(k):
            if self.position == 0:
                order = torch.from_numpy(np.random.default_rng([self.seed, self.epoch]).permutation(n))
                self.Xe, self.Ye = self.X[order], self.Y[order]
            end = min(self.position + m, n)
            opt.zero_grad()
            loss_fn(model(self.Xe[self.position:end]), self.Ye[self.position:end]).backward()
            opt.step()
            if end == n:
                self.epoch, self.position = self.epoch + 1, 0
            else:
                self.position = end
