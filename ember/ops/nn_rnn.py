"""One LSTM layer over a whole sequence as one op: torch's oneDNN kernel (mkldnn_rnn_layer),
which torch uses for float32 LSTMs on the CPU.

Note [Fused LSTM layer]
The forward runs the scan on arrays and keeps the gate activations and cell states as a
fourth, non-differentiable output (the workspace). The derivative is one formula for all
seven inputs (the op is variadic), so that backpropagation through time runs once. As in
torch, it has two forms. Without a graph to record (create_graph=False) it is one kernel,
mkldnn_rnn_layer_backward, which reads the workspace and has no derivative of its own (torch's
has none either). When the gradient must be differentiable again, the formula recomputes the
activations from the inputs with ember ops and backpropagates through time with ember ops;
every factor that does not depend on the recursion is computed for all steps at once, so the
recursion costs a handful of ops per step.
"""
from ember._creation import zeros_like
from ember.autograd import grad_mode
from ember.ops.joining import cat, stack, unbind
from ember.ops.linalg import mm
from ember.ops._primitive import primitive

__all__ = []


def _sigmoid(xp, x):
    # as ember's sigmoid: exp overflows to inf for very negative input, and 1 / inf is 0
    return 1 / (1 + xp.exp(-x))


@primitive(outputs=4, differentiable_outputs=(0, 1, 2), name='mkldnn_rnn_layer',
           node_name='MkldnnRnnLayerBackward0')
def mkldnn_rnn_layer(xp, *tensors, reverse):
    input, w_ih, w_hh, b_ih, b_hh, hx, cx = tensors
    steps, batch, features = input.shape
    hidden = w_hh.shape[1]
    pre = (input.reshape(steps * batch, features) @ w_ih.T).reshape(steps, batch, -1)
    if b_ih is not None:
        pre += b_ih
        pre += b_hh
    output = xp.empty((steps, batch, hidden), dtype=input.dtype)
    workspace = xp.empty((steps, batch, 5 * hidden), dtype=input.dtype)
    h, c = hx, cx
    w_hh_t = w_hh.T
    cell = slice(2 * hidden, 3 * hidden)
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        gates = h @ w_hh_t
        gates += pre[t]
        act = workspace[t]
        act[:, :4 * hidden] = _sigmoid(xp, gates)
        act[:, cell] = xp.tanh(gates[:, cell])
        c = act[:, hidden:2 * hidden] * c + act[:, :hidden] * act[:, cell]
        act[:, 4 * hidden:] = c
        h = output[t] = act[:, 3 * hidden:4 * hidden] * xp.tanh(c)
    return output, h, c, workspace


@primitive(outputs=6, name='mkldnn_rnn_layer_backward')
def mkldnn_rnn_layer_backward(xp, *tensors, reverse):
    """The gradients of mkldnn_rnn_layer's inputs (both biases share one) from its saved
    inputs, output and workspace: a kernel without a derivative, for backward passes that
    record no graph."""
    input, w_ih, w_hh, hx, cx, output, workspace, grad_output, grad_h, grad_c = tensors
    steps, batch, features = input.shape
    hidden = w_hh.shape[1]
    if reverse:
        # processing order: the last time step ran first
        input, output, workspace = input[::-1], output[::-1], workspace[::-1]
        grad_output = None if grad_output is None else grad_output[::-1]
    in_gate, forget_gate, cell_gate, out_gate, c = (
        workspace[..., k * hidden:(k + 1) * hidden] for k in range(5))
    c_prev = xp.concatenate((cx[None], c[:-1]))
    h_prev = xp.concatenate((hx[None], output[:-1]))
    tanh_c = xp.tanh(c)
    through_h = out_gate * (1 - tanh_c * tanh_c)
    # per unit of the cell state's gradient (three gates) or the hidden state's (one)
    factors = xp.concatenate((cell_gate * in_gate * (1 - in_gate),
                              c_prev * forget_gate * (1 - forget_gate),
                              in_gate * (1 - cell_gate * cell_gate),
                              tanh_c * out_gate * (1 - out_gate)), axis=2)
    factors = factors.reshape(steps, batch, 4, hidden)
    grad_gates = xp.empty((steps, batch, 4, hidden), dtype=input.dtype)
    grad_h = xp.zeros_like(hx) if grad_h is None else grad_h
    grad_c = xp.zeros_like(cx) if grad_c is None else grad_c
    for t in range(steps - 1, -1, -1):
        if grad_output is not None:
            grad_h = grad_h + grad_output[t]
        grad_c = grad_c + grad_h * through_h[t]
        xp.multiply(grad_c[:, None], factors[t, :, :3], out=grad_gates[t, :, :3])
        xp.multiply(grad_h, factors[t, :, 3], out=grad_gates[t, :, 3])
        grad_h = grad_gates[t].reshape(batch, 4 * hidden) @ w_hh
        grad_c = grad_c * forget_gate[t]
    grad_gates = grad_gates.reshape(steps * batch, 4 * hidden)
    grad_input = (grad_gates @ w_ih).reshape(steps, batch, features)
    return (grad_input[::-1].copy() if reverse else grad_input,
            grad_gates.T @ input.reshape(steps * batch, features),
            grad_gates.T @ h_prev.reshape(steps * batch, hidden),
            grad_gates.sum(0), grad_h, grad_c)


def _in_processing_order(x, reverse):
    return x.flip(0) if reverse else x


def _recomputed(tensors, reverse):
    input, w_ih, w_hh, b_ih, b_hh, hx, cx = tensors
    steps, batch, features = input.shape
    pre = mm(_in_processing_order(input, reverse).reshape(steps * batch, features), w_ih.t())
    if b_ih is not None:
        pre = pre + b_ih + b_hh
    columns = ([], [], [], [], [], [])
    h, c = hx, cx
    for gates in unbind(pre.view(steps, batch, pre.shape[1]), 0):
        in_gate, forget_gate, cell_gate, out_gate = (mm(h, w_hh.t()) + gates).chunk(4, 1)
        in_gate, forget_gate = in_gate.sigmoid(), forget_gate.sigmoid()
        cell_gate, out_gate = cell_gate.tanh(), out_gate.sigmoid()
        c = forget_gate * c + in_gate * cell_gate
        h = out_gate * c.tanh()
        for column, value in zip(columns, (in_gate, forget_gate, cell_gate, out_gate, c, h)):
            column.append(value)
    return tuple(stack(column, 0) for column in columns)


def _mkldnn_rnn_layer_grad(grad, tensors, out, reverse):
    input, w_ih, w_hh, b_ih, b_hh, hx, cx = tensors
    if not grad_mode.is_grad_enabled():
        grads = mkldnn_rnn_layer_backward(input, w_ih, w_hh, hx, cx, out[0], out[3], grad[0],
                                          grad[1], grad[2], reverse=reverse)
        grad_bias = None if b_ih is None else grads[3]
        return grads[:3] + (grad_bias, grad_bias) + grads[4:]
    return _differentiable_grad(grad, tensors, reverse)


def _differentiable_grad(grad, tensors, reverse):
    input, w_ih, w_hh, b_ih, b_hh, hx, cx = tensors
    grad_output, grad_h, grad_c = grad[0], grad[1], grad[2]
    in_gate, forget_gate, cell_gate, out_gate, c, h = _recomputed(tensors, reverse)
    steps, batch, features = input.shape
    hidden = w_hh.shape[1]
    c_prev = cat((cx.unsqueeze(0), c[:-1]), 0)
    h_prev = cat((hx.unsqueeze(0), h[:-1]), 0)
    tanh_c = c.tanh()
    # what each gate's gradient is, per unit of the cell's (three gates) or hidden's gradient
    factors = unbind(cat((cell_gate * in_gate * (1 - in_gate),
                          c_prev * forget_gate * (1 - forget_gate),
                          in_gate * (1 - cell_gate * cell_gate),
                          tanh_c * out_gate * (1 - out_gate)), 2), 0)
    through_h = unbind(out_gate * (1 - tanh_c * tanh_c), 0)
    forget = unbind(forget_gate, 0)
    if grad_output is not None:
        grad_output = unbind(_in_processing_order(grad_output, reverse), 0)
    grad_gates = [None] * steps
    for t in range(steps - 1, -1, -1):
        if grad_output is not None:
            grad_h = grad_output[t] if grad_h is None else grad_output[t] + grad_h
        if grad_h is None:
            if grad_c is None:
                grad_gates[t] = zeros_like(factors[t])
                continue
            grad_h = zeros_like(grad_c)
        grad_c = grad_h * through_h[t] if grad_c is None else grad_c + grad_h * through_h[t]
        grad_gates[t] = cat((grad_c, grad_c, grad_c, grad_h), 1) * factors[t]
        grad_h = mm(grad_gates[t], w_hh)
        grad_c = grad_c * forget[t]
    grad_gates = stack(grad_gates, 0).view(steps * batch, 4 * hidden)
    input = _in_processing_order(input, reverse).reshape(steps * batch, features)
    grad_input = mm(grad_gates, w_ih).view(steps, batch, features)
    grad_bias = None if b_ih is None else grad_gates.sum(0)
    return (_in_processing_order(grad_input, reverse),
            mm(grad_gates.t(), input),
            mm(grad_gates.t(), h_prev.reshape(steps * batch, hidden)),
            grad_bias, grad_bias,
            zeros_like(hx) if grad_h is None else grad_h,
            zeros_like(cx) if grad_c is None else grad_c)


mkldnn_rnn_layer.defvjp(_mkldnn_rnn_layer_grad)
