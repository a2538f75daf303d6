"""Hyperparameters: learning rate, batch size, optimizer (and μ), cost, regularisation, seed.

Each change goes to the controller and takes effect at the next step, without a reset.
"""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core import losses, optimizers

from .fields import NumberField, WrappingLabel, blocked
from .section import Section



def loss_label(name):
    """A cost as the learner reads it, with the output layer it needs: "cross-entropy (softmax)"."""
    loss = losses.get(name)
    return loss.label + (f" ({loss.output_activation})" if loss.output_activation else "")


class TrainingControls(Section):
    def __init__(self, controller, parent=None):
        super().__init__("Training", controller, parent)
        self.setObjectName("trainingControls")
        c = controller
        self.lr = NumberField("lrEdit", "Learning rate η: how far each step moves the weights (W ← W − η ∂C/∂W)")
        self.lr.committed.connect(lambda v: self.apply(c.set_lr, v))
        self.batch = NumberField("batchEdit", "Mini-batch size m: samples per step (the columns of A⁰)")
        self.batch.committed.connect(lambda v: self.apply(c.set_batch_size, v))
        self.optimizer = self.combo("optimizerCombo")
        for name in optimizers.NAMES:
            self.optimizer.addItem(optimizers.describe(name).label, name)
            self.optimizer.setItemData(self.optimizer.count() - 1, optimizers.describe(name).formula, Qt.ToolTipRole)
        self.optimizer.setToolTip("The update rule applied to the gradient")
        self.optimizer.activated.connect(self._optimizer_chosen)
        self.momentum = NumberField("momentumEdit", "Momentum μ (0 ≤ μ < 1): V ← μV − η ∂C/∂W;  W ← W + V")
        self.momentum.committed.connect(lambda v: self.apply(c.set_momentum, v))
        self.loss = self.combo("lossCombo")
        for name in losses.NAMES:
            self.loss.addItem(loss_label(name), name)
            self.loss.setItemData(self.loss.count() - 1, losses.get(name).formula, Qt.ToolTipRole)
        self.loss.setToolTip("The cost C; cross-entropy needs a softmax output layer, binary cross-entropy "
                             "a sigmoid output layer")
        self.loss.activated.connect(lambda i: self.apply(c.set_loss, self.loss.itemData(i)))
        self.l1 = NumberField("l1Edit", "L1 regularisation λ₁: adds λ₁ Σ|W| to the cost (weights, not biases)")
        self.l1.committed.connect(lambda v: self.apply(c.set_regularisation, l1=v))
        self.l2 = NumberField("l2Edit", "L2 regularisation λ₂: adds (λ₂/2) Σ W² to the cost (weights, not biases)")
        self.l2.committed.connect(lambda v: self.apply(c.set_regularisation, l2=v))
        self.seed = NumberField("seedEdit", "Random seed of the starting weights and the shuffling; "
                                            "a new seed is used at the next Reset")
        self.seed.committed.connect(lambda v: self.apply(c.set_seed, v))
        self.form.addRow("Learning rate η", self.lr)
        self.form.addRow("Batch size", self.batch)
        # a batch larger than the training set is allowed (full-batch descent), but say what it means
        self.batch_note = WrappingLabel("batchNote")
        self.batch_note.setStyleSheet("color: #666;")
        self.form.addRow("", self.batch_note)
        self.form.addRow("Optimizer", self.optimizer)
        self.form.addRow("Momentum μ", self.momentum)
        # the cost on a row of its own, the width of the group: beside its label the box cut
        # "binary cross-entropy (sigmoid)" short
        self.form.addRow(QLabel("Cost"))
        self.form.addRow(self.loss)
        self.form.addRow("L1 λ₁", self.l1)
        self.form.addRow("L2 λ₂", self.l2)
        self.form.addRow("Seed", self.seed)
        self.sync()

    def _optimizer_chosen(self, index):
        name = self.optimizer.itemData(index)
        if name == self.controller.trainer.optimizer.name:
            return
        settings = {}
        if name == "momentum":
            settings["momentum"] = getattr(self.controller.trainer.optimizer, "momentum", 0.9)
        self.apply(self.controller.set_optimizer, name, **settings)

    def sync(self):
        t = self.controller.trainer
        with blocked(self.optimizer, self.loss):
            self.lr.show_value(t.lr)
            self.batch.show_value(t.batch_size)
            n = len(t.data.X_train)
            self.batch_note.setText(f"more than the {n:,} training samples: every step uses all of them"
                                    if t.batch_size > n else "")
            self.batch_note.setVisible(t.batch_size > n)
            self.optimizer.setCurrentIndex(self.optimizer.findData(t.optimizer.name))
            is_momentum = t.optimizer.name == "momentum"
            self.momentum.show_value(t.optimizer.momentum if is_momentum else 0.9)
            self.momentum.setEnabled(is_momentum)
            self.loss.setCurrentIndex(self.loss.findData(t.loss))
            self.l1.show_value(t.l1)
            self.l2.show_value(t.l2)
            self.seed.show_value(t.seed)
