"""Recurrent layers: RNN, LSTM, GRU and their single-step cells (arithmetic in rnn_cells.py)."""
import math
import numbers
import warnings

from ember._creation import empty, zeros
from ember.nn import init
from ember.nn.modules import rnn_cells
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter
from ember.ops.joining import stack

__all__ = ['RNNBase', 'RNN', 'LSTM', 'GRU', 'RNNCellBase', 'RNNCell', 'LSTMCell', 'GRUCell']

_GATES = {'LSTM': 4, 'GRU': 3, 'RNN_TANH': 1, 'RNN_RELU': 1}


def _check_sizes(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                 proj_size):
    if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) \
            or not 0 <= dropout <= 1:
        raise ValueError("dropout should be a number in range [0, 1] representing the "
                         "probability of an element being zeroed")
    if dropout > 0 and num_layers == 1:
        warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                      "non-zero dropout expects num_layers greater than 1, but got "
                      f"dropout={dropout} and num_layers={num_layers}", stacklevel=3)
    for name, value, kind in (('bias', bias, bool), ('batch_first', batch_first, bool),
                              ('input_size', input_size, int),
                              ('hidden_size', hidden_size, int)):
        if not isinstance(value, kind):
            raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                            f"{type(value).__name__}")
        if kind is int and value <= 0:
            raise ValueError(f"{name} must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")
    if mode not in _GATES:
        raise ValueError("Unrecognized RNN mode: " + mode)


class RNNBase(Module):
    """Matches `torch.nn.RNNBase`: the parameters and checks shared by RNN, LSTM and GRU."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        _check_sizes(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                     proj_size)
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            layer_input_size = input_size if layer == 0 else real_hidden_size * directions
            for direction in range(directions):
                suffix = f'_l{layer}' + ('_reverse' if direction == 1 else '')
                shapes = {'weight_ih': (gate_size, layer_input_size),
                          'weight_hh': (gate_size, real_hidden_size)}
                if bias:
                    shapes.update(bias_ih=(gate_size,), bias_hh=(gate_size,))
                if proj_size > 0:
                    shapes['weight_hr'] = (proj_size, hidden_size)
                names = []
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix,
                            Parameter(empty(shape, device=device, dtype=dtype)))
                    names.append(kind + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        return [getattr(self, name, None) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def flatten_parameters(self):
        """Matches `torch.nn.RNNBase.flatten_parameters`: nothing to do off cuDNN."""

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _layer_weights(self):
        """One (w_ih, w_hh, b_ih, b_hh, w_hr) tuple per layer and direction."""
        result = []
        for names in self._all_weights:
            found = {name.split('_l')[0]: getattr(self, name) for name in names}
            result.append((found['weight_ih'], found['weight_hh'], found.get('bias_ih'),
                           found.get('bias_hh'), found.get('weight_hr')))
        return result

    # --- checks (torch's messages) ---------------------------------------------------------

    def check_input(self, input, batch_sizes):
        weight_dtype = self._flat_weights[0].dtype
        if input.dtype != weight_dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight_dtype}). Convert input: input.to({weight_dtype}), or "
                             f"convert model: model.to({input.dtype})")
        expected_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_dim:
            raise RuntimeError(f"input must have {expected_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.size(-1)}")

    def get_expected_hidden_size(self, input, batch_sizes):
        mini_batch = input.size(0) if self.batch_first else input.size(1)
        directions = 2 if self.bidirectional else 1
        size = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * directions, mini_batch, size)

    def check_hidden_size(self, hx, expected_hidden_size,
                          msg='Expected hidden size {}, got {}'):
        if tuple(hx.size()) != expected_hidden_size:
            raise RuntimeError(msg.format(expected_hidden_size, list(hx.size())))

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return hx.index_select(1, permutation)

    def extra_repr(self):
        s = '{input_size}, {hidden_size}'
        if self.proj_size != 0:
            s += ', proj_size={proj_size}'
        if self.num_layers != 1:
            s += ', num_layers={num_layers}'
        if self.bias is not True:
            s += ', bias={bias}'
        if self.batch_first is not False:
            s += ', batch_first={batch_first}'
        if self.dropout != 0:
            s += ', dropout={dropout}'
        if self.bidirectional is not False:
            s += ', bidirectional={bidirectional}'
        return s.format(**self.__dict__)

    # --- the forward shared by RNN and GRU (LSTM carries a second state) -------------------

    def _batched_input(self, input, name):
        if input.dim() not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D "
                             + ('tensor instead' if name == 'RNN' else 'instead'))
        return input.dim() == 3, 0 if self.batch_first else 1

    def _zeros(self, input, size):
        directions = 2 if self.bidirectional else 1
        batch = input.size(0) if self.batch_first else input.size(1)
        return zeros(self.num_layers * directions, batch, size, dtype=input.dtype,
                     device=input.device)

    def _forward_one_state(self, input, hx, name):
        is_batched, batch_dim = self._batched_input(input, name)
        if not is_batched:
            input = input.unsqueeze(batch_dim)
            if hx is not None:
                if hx.dim() != 2:
                    raise RuntimeError("For unbatched 2-D input, hx should also be 2-D but got "
                                       f"{hx.dim()}-D tensor")
                hx = hx.unsqueeze(1)
        elif hx is not None and hx.dim() != 3:
            raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got "
                               f"{hx.dim()}-D tensor")
        if hx is None:
            hx = self._zeros(input, self.hidden_size)
        self.check_forward_args(input, hx, None)
        output, finals = self._run(input, hx.unbind(0))
        hidden = stack(finals, 0)
        if not is_batched:
            return output.squeeze(batch_dim), hidden.squeeze(1)
        return output, hidden

    def _run(self, input, states):
        if self.batch_first:
            input = input.transpose(0, 1)
        output, finals = rnn_cells.run_layers(self.mode, input, states, self._layer_weights(),
                                              self.num_layers, self.dropout, self.training,
                                              self.bidirectional)
        if self.batch_first:
            output = output.transpose(0, 1)
        return output, finals


class RNN(RNNBase):
    """Matches `torch.nn.RNN`."""

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop('nonlinearity', 'tanh')
        if nonlinearity == 'tanh':
            mode = 'RNN_TANH'
        elif nonlinearity == 'relu':
            mode = 'RNN_RELU'
        else:
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._forward_one_state(input, hx, 'RNN')


class GRU(RNNBase):
    """Matches `torch.nn.GRU`."""

    def __init__(self, *args, **kwargs):
        if 'proj_size' in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__('GRU', *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward_one_state(input, hx, 'GRU')


class LSTM(RNNBase):
    """Matches `torch.nn.LSTM`."""

    def __init__(self, *args, **kwargs):
        super().__init__('LSTM', *args, **kwargs)

    def get_expected_cell_size(self, input, batch_sizes):
        mini_batch = input.size(0) if self.batch_first else input.size(1)
        directions = 2 if self.bidirectional else 1
        return (self.num_layers * directions, mini_batch, self.hidden_size)

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden[0], self.get_expected_hidden_size(input, batch_sizes),
                               'Expected hidden[0] size {}, got {}')
        self.check_hidden_size(hidden[1], self.get_expected_cell_size(input, batch_sizes),
                               'Expected hidden[1] size {}, got {}')

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return hx[0].index_select(1, permutation), hx[1].index_select(1, permutation)

    def forward(self, input, hx=None):
        is_batched, batch_dim = self._batched_input(input, 'LSTM')
        if not is_batched:
            input = input.unsqueeze(batch_dim)
        if hx is None:
            hx = (self._zeros(input, self.proj_size or self.hidden_size),
                  self._zeros(input, self.hidden_size))
        else:
            expected = 3 if is_batched else 2
            if hx[0].dim() != expected or hx[1].dim() != expected:
                kind = 'batched 3-D' if is_batched else 'unbatched 2-D'
                raise RuntimeError(f"For {kind} input, hx and cx should also be {expected}-D "
                                   f"but got ({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
            if not is_batched:
                hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        self.check_forward_args(input, hx, None)
        output, finals = self._run(input, list(zip(hx[0].unbind(0), hx[1].unbind(0))))
        h = stack([state[0] for state in finals], 0)
        c = stack([state[1] for state in finals], 0)
        if not is_batched:
            return output.squeeze(batch_dim), (h.squeeze(1), c.squeeze(1))
        return output, (h, c)


# --- cells -----------------------------------------------------------------------------------

def _check_cell(input, hx, input_size, hidden_size, label):
    if hx is None:
        if input.size(1) != input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} "
                               f"expected {input_size}")
        return
    if input.size(0) != hx.size(0):
        raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{label} "
                           f"batch size {hx.size(0)}")
    if hx.size(1) != hidden_size:
        raise RuntimeError(f"hidden{label} has inconsistent hidden_size: got {hx.size(1)}, "
                           f"expected {hidden_size}")


class RNNCellBase(Module):
    """Matches `torch.nn.RNNCellBase`."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        factory = {'device': device, 'dtype': dtype}
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), **factory))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), **factory))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter('bias_ih', None)
            self.register_parameter('bias_hh', None)
        self.reset_parameters()

    def extra_repr(self):
        s = '{input_size}, {hidden_size}'
        if 'bias' in self.__dict__ and self.bias is not True:
            s += ', bias={bias}'
        if 'nonlinearity' in self.__dict__ and self.nonlinearity != 'tanh':
            s += ', nonlinearity={nonlinearity}'
        return s.format(**self.__dict__)

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _weights(self):
        return (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh, None)

    def _batched(self, input, hidden, name, what='hidden'):
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                             "instead")
        for index, value in enumerate(hidden):
            if value is not None and value.dim() not in (1, 2):
                label = what if len(hidden) == 1 else f'{what}[{index}]'
                raise ValueError(f"{name}: Expected {label} to be 1D or 2D, got "
                                 f"{value.dim()}D instead")
        return input.dim() == 2

    def _one_state(self, input, hx, name, step):
        is_batched = self._batched(input, (hx,), name)
        if not is_batched:
            input = input.unsqueeze(0)
        if hx is None:
            hx = zeros(input.size(0), self.hidden_size, dtype=input.dtype, device=input.device)
        elif not is_batched:
            hx = hx.unsqueeze(0)
        _check_cell(input, None, self.input_size, self.hidden_size, 0)
        _check_cell(input, hx, self.input_size, self.hidden_size, 0)
        result = rnn_cells.cell(step, input, hx, self._weights())
        return result if is_batched else result.squeeze(0)


class RNNCell(RNNCellBase):
    """Matches `torch.nn.RNNCell`."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity='tanh', device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device,
                         dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity == 'tanh':
            step = rnn_cells.tanh_step
        elif self.nonlinearity == 'relu':
            step = rnn_cells.relu_step
        else:
            self._batched(input, (hx,), 'RNNCell')
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return self._one_state(input, hx, 'RNNCell', step)


class GRUCell(RNNCellBase):
    """Matches `torch.nn.GRUCell`."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device,
                         dtype=dtype)

    def forward(self, input, hx=None):
        return self._one_state(input, hx, 'GRUCell', rnn_cells.gru_step)


class LSTMCell(RNNCellBase):
    """Matches `torch.nn.LSTMCell`."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device,
                         dtype=dtype)

    def forward(self, input, hx=None):
        is_batched = self._batched(input, () if hx is None else tuple(hx), 'LSTMCell', 'hx')
        if not is_batched:
            input = input.unsqueeze(0)
        if hx is None:
            state = zeros(input.size(0), self.hidden_size, dtype=input.dtype,
                          device=input.device)
            hx = (state, state)
        elif not is_batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        _check_cell(input, None, self.input_size, self.hidden_size, 0)
        _check_cell(input, hx[0], self.input_size, self.hidden_size, 0)
        _check_cell(input, hx[1], self.input_size, self.hidden_size, 1)
        h, c = rnn_cells.cell(rnn_cells.lstm_step, input, tuple(hx), self._weights())
        if not is_batched:
            return h.squeeze(0), c.squeeze(0)
        return h, c
