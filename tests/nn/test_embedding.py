"""Embedding and EmbeddingBag beyond the module table: initialisation, from_pretrained,
max_norm renormalisation and sparse=True, against torch where values are deterministic."""
import numpy as np
import pytest

import ember
from ember import nn

torch = pytest.importorskip('torch')


def test_initialisation_is_standard_normal_with_a_zero_padding_row():
    ember.manual_seed(0)
    layer = nn.Embedding(2000, 50, padding_idx=3)
    weight = layer.weight.detach().numpy()
    assert not weight[3].any()
    rest = np.delete(weight, 3, axis=0)
    assert abs(rest.mean()) < 0.01 and abs(rest.std() - 1) < 0.01
    assert layer.weight.requires_grad and layer.weight.dtype == ember.float32


def test_bag_initialisation():
    ember.manual_seed(1)
    layer = nn.EmbeddingBag(2000, 50, padding_idx=-1, dtype=ember.float64)
    weight = layer.weight.detach().numpy()
    assert layer.padding_idx == 1999 and not weight[1999].any()
    assert abs(weight[:1999].std() - 1) < 0.01
    assert layer.weight.dtype == ember.float64


def test_padding_row_gets_no_gradient():
    layer = nn.Embedding(5, 3, padding_idx=1)
    layer(ember.tensor([[1, 2], [1, 4]])).sum().backward()
    grad = layer.weight.grad.numpy()
    np.testing.assert_array_equal(grad[:, 0], [0, 0, 1, 0, 1])


@pytest.mark.parametrize('freeze', [True, False])
def test_from_pretrained(freeze):
    values = np.arange(12.0).reshape(4, 3)
    ours = nn.Embedding.from_pretrained(ember.tensor(values), freeze=freeze, padding_idx=2)
    theirs = torch.nn.Embedding.from_pretrained(torch.tensor(values), freeze=freeze,
                                                padding_idx=2)
    assert repr(ours) == repr(theirs)
    assert ours.weight.requires_grad == theirs.weight.requires_grad == (not freeze)
    # from_pretrained keeps the given rows, padding row included
    np.testing.assert_array_equal(ours.weight.detach().numpy(), values)
    out = ours(ember.tensor([3, 2]))
    np.testing.assert_array_equal(out.detach().numpy(), values[[3, 2]])


def test_from_pretrained_shares_the_tensor():
    pretrained = ember.zeros(3, 2)
    layer = nn.Embedding.from_pretrained(pretrained)
    pretrained[1, 1] = 5.0
    assert layer.weight[1, 1].item() == 5.0


def test_bag_from_pretrained():
    values = np.arange(12.0).reshape(4, 3)
    ours = nn.EmbeddingBag.from_pretrained(ember.tensor(values), mode='max')
    theirs = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(values), mode='max')
    assert repr(ours) == repr(theirs)
    assert not ours.weight.requires_grad
    indices = [[0, 3], [1, 2]]
    np.testing.assert_array_equal(ours(ember.tensor(indices)).numpy(),
                                  theirs(torch.tensor(indices)).numpy())


@pytest.mark.parametrize('cls', ['Embedding', 'EmbeddingBag'])
def test_shape_errors(cls):
    for lib in (ember, torch):
        with pytest.raises(AssertionError, match='Shape of weight does not match'):
            getattr(lib.nn, cls)(4, 3, _weight=lib.zeros(3, 3))
        with pytest.raises(AssertionError, match='expected to be 2-dimensional'):
            getattr(lib.nn, cls).from_pretrained(lib.zeros(3))
    with pytest.raises(AssertionError, match='adding_idx must be within num_embeddings'):
        getattr(ember.nn, cls)(4, 3, padding_idx=4)


@pytest.mark.parametrize('norm_type', [2.0, 1.0, 3.0])
def test_max_norm_renormalises_looked_up_rows_in_place(norm_type):
    rng = np.random.default_rng(2)
    values = rng.standard_normal((6, 4)) * 2
    indices = [[0, 2, 2], [5, 0, 1]]
    results = []
    for lib in (ember, torch):
        weight = lib.tensor(values, requires_grad=True)
        out = lib.nn.functional.embedding(lib.tensor(indices), weight, max_norm=1.5,
                                          norm_type=norm_type)
        out.backward(lib.ones(2, 3, 4, dtype=lib.float64))
        results.append((weight.detach().numpy().copy(), out.detach().numpy(),
                        weight.grad.numpy(), weight._version))
    (ours, ours_out, ours_grad, ours_version), (theirs, theirs_out, theirs_grad, _) = results
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_allclose(ours_out, theirs_out, rtol=1e-12)
    np.testing.assert_allclose(ours_grad, theirs_grad)
    np.testing.assert_array_equal(ours[[3, 4]], values[[3, 4]])  # rows not looked up
    assert ours_version > 0


def test_max_norm_in_bags():
    rng = np.random.default_rng(3)
    values = rng.standard_normal((6, 4)) * 2
    outs = []
    for lib in (ember, torch):
        weight = lib.tensor(values)
        outs.append(lib.nn.functional.embedding_bag(lib.tensor([[0, 1], [4, 4]]), weight,
                                                    max_norm=1.0).numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-12)


def test_sparse_gradient_is_torch_s_densified():
    rng = np.random.default_rng(4)
    values = rng.standard_normal((6, 3))
    indices = [[1, 2, 1], [0, 5, 5]]
    grads = []
    for lib in (ember, torch):
        layer = lib.nn.Embedding(6, 3, sparse=True, _weight=lib.tensor(values))
        layer(lib.tensor(indices)).sum().backward()
        grad = layer.weight.grad
        grads.append(grad.to_dense().numpy() if lib is torch else grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1])


def test_lookup_is_not_a_view_of_the_weight():
    layer = nn.Embedding(4, 2)
    out = layer(ember.tensor([1]))
    with ember.no_grad():
        out.zero_()
    assert layer.weight[1].abs().sum().item() > 0
