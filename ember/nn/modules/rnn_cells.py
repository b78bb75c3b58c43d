"""The arithmetic of the recurrent layers: one step of each cell, and the scan of a cell over
a sequence, through stacked and bidirectional layers.

Note [RNN arithmetic]
The steps follow torch's CPU kernels term for term, so that values agree to rounding and
the final nodes carry torch's grad_fn names: the input projection of a whole layer is one
matrix product over all time steps, made before the scan; each step adds the hidden
projection to it (hidden first); an LSTM's cell is `forget * c + input * cell_gate` and its
output `out_gate * tanh(c)`; a GRU's output is `(h - new) * update + new`. Step outputs
are stacked (StackBackward0), the directions of a layer joined by cat (CatBackward0).
Layer weights come as tuples (w_ih, w_hh, b_ih, b_hh, w_hr), the biases and w_hr None
where the layer has none. Where torch runs an LSTM through its oneDNN kernel (float32, no
projection) each layer and direction is one op instead (Note [Fused LSTM layer]), with the
same node name as torch's.
"""
from ember._dtype import float32
from ember.nn import functional as F
from ember.ops.joining import cat, stack, unbind
from ember.ops.linalg import mm
from ember.ops.linalg_products import addmm
from ember.ops.nn_rnn import mkldnn_rnn_layer
from ember.ops.pointwise import relu, sigmoid, tanh


def linear(input, weight, bias):
    """`input @ weight.T + bias` for a 2-D input, as torch's CPU linear computes it."""
    if bias is None:
        return mm(input, weight.t())
    return addmm(bias, input, weight.t())


def _project_sequence(input, weight, bias):
    # one product for every step of a (T, B, I) input, as torch's linear folds it
    steps, batch, features = input.shape
    flat = linear(input.reshape(steps * batch, features), weight, bias)
    return flat.view(steps, batch, flat.shape[1])


# --- one step of each cell; `pre` is the input's projection (with its bias) -----------------

def tanh_step(pre, h, weights):
    return tanh(linear(h, weights[1], weights[3]) + pre)


def relu_step(pre, h, weights):
    return relu(linear(h, weights[1], weights[3]) + pre)


def lstm_step(pre, state, weights):
    h, c = state
    gates = linear(h, weights[1], weights[3]) + pre
    in_gate, forget_gate, cell_gate, out_gate = gates.chunk(4, 1)
    c = forget_gate.sigmoid() * c + in_gate.sigmoid() * cell_gate.tanh()
    h = out_gate.sigmoid() * c.tanh()
    if weights[4] is not None:
        h = mm(h, weights[4].t())
    return h, c


def gru_step(pre, h, weights):
    in_reset, in_update, in_new = pre.chunk(3, 1)
    h_reset, h_update, h_new = linear(h, weights[1], weights[3]).chunk(3, 1)
    reset = sigmoid(h_reset + in_reset)
    update = sigmoid(h_update + in_update)
    new = tanh(in_new + h_new * reset)
    return (h - new) * update + new


STEPS = {'RNN_TANH': tanh_step, 'RNN_RELU': relu_step, 'LSTM': lstm_step, 'GRU': gru_step}


def cell(step, input, state, weights):
    """One application of a cell to a (B, I) input (torch's *_cell functions)."""
    return step(linear(input, weights[0], weights[2]), state, weights)


# --- layers ----------------------------------------------------------------------------------

def _scan(step, pre_steps, state, weights):
    outputs = []
    for pre in pre_steps:
        state = step(pre, state, weights)
        outputs.append(state[0] if type(state) is tuple else state)
    return outputs, state


def _layer(step, input, state, weights):
    outputs, state = _scan(step, unbind(_project_sequence(input, weights[0], weights[2]), 0),
                           state, weights)
    return stack(outputs, 0), state


def _bidirectional_layer(step, input, states, weights):
    forward, forward_state = _layer(step, input, states[0], weights[0])
    backward_steps = unbind(_project_sequence(input, weights[1][0], weights[1][2]), 0)
    outputs, backward_state = _scan(step, backward_steps[::-1], states[1], weights[1])
    backward = stack(outputs[::-1], 0)
    return cat((forward, backward), forward.dim() - 1), (forward_state, backward_state)


def _fused_lstm_layer(input, states, weights):
    # one op per layer and direction (Note [Fused LSTM layer])
    outputs, finals = [], []
    for reverse, (state, layer_weights) in enumerate(zip(states, weights)):
        output, h, c, _ = mkldnn_rnn_layer(input, *layer_weights[:4], state[0], state[1],
                                           reverse=bool(reverse))
        outputs.append(output)
        finals.append((h, c))
    if len(outputs) == 1:
        return outputs[0], finals
    return cat(outputs, outputs[0].dim() - 1), finals


def _uses_fused_lstm(mode, input, weights):
    """Whether torch would run this LSTM through its oneDNN kernel: float32 input that is not
    empty, and no projection."""
    return mode == 'LSTM' and input.dtype == float32 and input.numel() != 0 \
        and weights[0][4] is None


def run_layers(mode, input, states, weights, num_layers, dropout, train, bidirectional):
    """Scan a (T, B, I) input through the stacked layers; `states` and `weights` hold one
    entry per layer and direction. Returns the last layer's output and the final states."""
    if input.shape[0] == 0:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    step = STEPS[mode]
    fused = _uses_fused_lstm(mode, input, weights)
    directions = 2 if bidirectional else 1
    finals = []
    for layer in range(num_layers):
        first = layer * directions
        if fused:
            input, final = _fused_lstm_layer(input, states[first:first + directions],
                                             weights[first:first + directions])
            finals.extend(final)
        elif bidirectional:
            input, final = _bidirectional_layer(step, input, states[first:first + 2],
                                                weights[first:first + 2])
            finals.extend(final)
        else:
            input, final = _layer(step, input, states[first], weights[first])
            finals.append(final)
        if dropout != 0 and train and layer < num_layers - 1:
            input = F.dropout(input, dropout, True)
    return input, finals
