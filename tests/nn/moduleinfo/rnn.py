"""Rows for the recurrent layers and cells."""
from tests.nn.moduleinfo.core import ModuleInfo, arrays


def _sequence(*shape):
    return lambda rng: (arrays(rng, *shape),)


def _with_state(input_shape, *state_shapes):
    def make(rng):
        states = tuple(arrays(rng, *shape) for shape in state_shapes)
        return (arrays(rng, *input_shape), states[0] if len(states) == 1 else states)
    return make


def _rnn_errors(rng):
    return [(arrays(rng, 5, 3, 2),),                       # wrong input_size
            (arrays(rng, 5, 3, 4, 1),),                    # 4-D input
            (arrays(rng, 0, 3, 4),),                       # empty sequence
            (arrays(rng, 5, 3, 4), arrays(rng, 1, 2, 6)),  # hidden batch mismatch
            (arrays(rng, 5, 3, 4), arrays(rng, 3, 6)),     # 2-D hidden, batched input
            (arrays(rng, 5, 4), arrays(rng, 1, 1, 6))]     # 3-D hidden, unbatched input


def _lstm_errors(rng):
    return [(arrays(rng, 5, 3, 2),),
            (arrays(rng, 5, 3, 4, 1),),
            (arrays(rng, 0, 3, 4),),
            (arrays(rng, 5, 3, 4), (arrays(rng, 1, 3, 6), arrays(rng, 1, 2, 6))),
            (arrays(rng, 5, 3, 4), (arrays(rng, 1, 3, 5), arrays(rng, 1, 3, 6))),
            (arrays(rng, 5, 3, 4), (arrays(rng, 3, 6), arrays(rng, 1, 3, 6))),
            (arrays(rng, 5, 4), (arrays(rng, 1, 1, 6), arrays(rng, 1, 1, 6)))]


def _cell_errors(rng):
    return [(arrays(rng, 3, 5),),
            (arrays(rng, 3, 4, 2),),
            (arrays(rng, 3, 4), arrays(rng, 2, 6)),
            (arrays(rng, 3, 4), arrays(rng, 3, 5)),
            (arrays(rng, 4), arrays(rng, 3, 6)),
            (arrays(rng, 3, 4), arrays(rng, 3, 6, 1))]


def _lstm_cell_errors(rng):
    return [(arrays(rng, 3, 5),),
            (arrays(rng, 3, 4), (arrays(rng, 2, 6), arrays(rng, 3, 6))),
            (arrays(rng, 3, 4), (arrays(rng, 3, 6), arrays(rng, 3, 5))),
            (arrays(rng, 3, 4), (arrays(rng, 3, 6), arrays(rng, 2, 6))),
            (arrays(rng, 3, 4), (arrays(rng, 3, 6), arrays(rng, 3, 6, 1)))]


MODULES = [
    ModuleInfo('RNN', lambda nn: nn.RNN(4, 6), _sequence(5, 3, 4), errors=_rnn_errors),
    ModuleInfo('RNN_relu_2layers_hx', lambda nn: nn.RNN(4, 6, 2, nonlinearity='relu'),
               _with_state((5, 3, 4), (2, 3, 6))),
    ModuleInfo('RNN_bidirectional_batch_first',
               lambda nn: nn.RNN(4, 6, num_layers=2, batch_first=True, bidirectional=True),
               _sequence(3, 5, 4)),
    ModuleInfo('RNN_unbatched', lambda nn: nn.RNN(4, 6, bias=False), _sequence(5, 4)),
    ModuleInfo('RNN_unbatched_hx', lambda nn: nn.RNN(4, 6, 2, bidirectional=True),
               _with_state((5, 4), (4, 6))),
    ModuleInfo('RNN_empty_batch', lambda nn: nn.RNN(4, 6), _sequence(5, 0, 4)),
    ModuleInfo('RNN_dropout_eval', lambda nn: nn.RNN(4, 6, 3, dropout=0.5), _sequence(5, 3, 4),
               train=False),
    ModuleInfo('LSTM', lambda nn: nn.LSTM(4, 6), _sequence(5, 3, 4), errors=_lstm_errors),
    ModuleInfo('LSTM_hx', lambda nn: nn.LSTM(4, 6, 2),
               _with_state((5, 3, 4), (2, 3, 6), (2, 3, 6))),
    ModuleInfo('LSTM_bidirectional_batch_first_no_bias',
               lambda nn: nn.LSTM(4, 6, 2, bias=False, batch_first=True, bidirectional=True),
               _sequence(3, 5, 4)),
    ModuleInfo('LSTM_proj', lambda nn: nn.LSTM(4, 6, 2, proj_size=3, bidirectional=True),
               _with_state((5, 3, 4), (4, 3, 3), (4, 3, 6)), errors=_lstm_errors),
    ModuleInfo('LSTM_unbatched_hx', lambda nn: nn.LSTM(4, 6, batch_first=True),
               _with_state((5, 4), (1, 6), (1, 6))),
    ModuleInfo('LSTM_dropout_eval', lambda nn: nn.LSTM(4, 6, 2, dropout=0.3),
               _sequence(5, 3, 4), train=False),
    ModuleInfo('GRU', lambda nn: nn.GRU(4, 6), _sequence(5, 3, 4), errors=_rnn_errors),
    ModuleInfo('GRU_hx_3layers', lambda nn: nn.GRU(4, 6, 3),
               _with_state((5, 3, 4), (3, 3, 6))),
    ModuleInfo('GRU_bidirectional_batch_first_no_bias',
               lambda nn: nn.GRU(4, 6, 2, bias=False, batch_first=True, bidirectional=True),
               _sequence(3, 5, 4)),
    ModuleInfo('GRU_unbatched', lambda nn: nn.GRU(4, 6, bidirectional=True), _sequence(5, 4)),
    ModuleInfo('RNNCell', lambda nn: nn.RNNCell(4, 6), _sequence(3, 4), errors=_cell_errors),
    ModuleInfo('RNNCell_relu_hx', lambda nn: nn.RNNCell(4, 6, nonlinearity='relu'),
               _with_state((3, 4), (3, 6))),
    ModuleInfo('RNNCell_unbatched_no_bias', lambda nn: nn.RNNCell(4, 6, bias=False),
               _with_state((4,), (6,))),
    ModuleInfo('GRUCell', lambda nn: nn.GRUCell(4, 6), _sequence(3, 4), errors=_cell_errors),
    ModuleInfo('GRUCell_hx_unbatched', lambda nn: nn.GRUCell(4, 6), _with_state((4,), (6,))),
    ModuleInfo('GRUCell_empty_batch', lambda nn: nn.GRUCell(4, 6, bias=False),
               _sequence(0, 4)),
    ModuleInfo('LSTMCell', lambda nn: nn.LSTMCell(4, 6), _sequence(3, 4),
               errors=_lstm_cell_errors),
    ModuleInfo('LSTMCell_hx', lambda nn: nn.LSTMCell(4, 6, bias=False),
               _with_state((3, 4), (3, 6), (3, 6))),
    ModuleInfo('LSTMCell_unbatched_hx', lambda nn: nn.LSTMCell(4, 6),
               _with_state((4,), (6,), (6,))),
]
