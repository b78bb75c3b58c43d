"""Hints for newcomers, attached to torch's errors as exception notes so str(error) stays
exactly torch's message."""


def hinted(error, hint):
    """`error` with `hint` added as a note; returns the error for `raise hinted(...)`."""
    error.add_note('Hint: ' + hint)
    return error


NO_GRAD_FN = ("create the input with requires_grad=True, e.g. torch.tensor(2.0, "
              "requires_grad=True), so that operations on it are recorded for backward().")
NOT_SCALAR = ("reduce the output to one number first (out.sum().backward()), or pass the "
              "gradient of each element: out.backward(torch.ones_like(out)).")
FREED_GRAPH = ("the first backward() frees the graph; pass retain_graph=True to it if you need "
               "to backward through the same graph again.")
LEAF_INPLACE = ("change parameters inside `with torch.no_grad():` (as optimizers do), or "
                "clone() the tensor and change the copy.")
MODIFIED_SAVED = ("a tensor that backward() needs was changed in place after it was used; "
                  "clone() it before changing it, or use the out-of-place form of the op "
                  "(x = x + 1 instead of x += 1).")
INTEGER_GRAD = "convert it to floating point first, e.g. t.float().requires_grad_()."
