"""Nested Python containers of tensors (pytrees), as torch.func reads its inputs and outputs.

Tuples, lists, dicts (and OrderedDicts) and namedtuples are nodes; None is an empty node;
anything else is a leaf.
"""
import collections


class TreeSpec:
    """The structure of a pytree: a node type, its context (dict keys) and its children."""

    __slots__ = ('type', 'context', 'children')

    def __init__(self, kind, context, children):
        self.type, self.context, self.children = kind, context, children

    @property
    def num_leaves(self):
        if self.type is None:
            return 1
        return sum(child.num_leaves for child in self.children)

    def is_leaf(self):
        return self.type is None

    def __eq__(self, other):
        return (isinstance(other, TreeSpec) and self.type is other.type
                and self.context == other.context and self.children == other.children)

    def __repr__(self, indent=0):
        # the layout of torch's TreeSpec repr, which appears in vmap's messages
        if self.type is None:
            return '*'
        text = f'TreeSpec({self.type.__name__}, {self.context}, ['
        if self.children:
            indent += 2
            text += self.children[0].__repr__(indent)
            text += ',' if len(self.children) > 1 else ''
            text += ','.join('\n' + ' ' * indent + child.__repr__(indent)
                             for child in self.children[1:])
        return text + '])'


LEAF = TreeSpec(None, None, ())


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(value, '_fields')


def children(value):
    """(node type, context, children) of a node, or None for a leaf."""
    kind = type(value)
    if kind is tuple or kind is list:
        return kind, None, list(value)
    if _is_namedtuple(value):
        return kind, list(value._fields), list(value)
    if kind is dict or kind is collections.OrderedDict:
        keys = list(value)
        return kind, keys, [value[key] for key in keys]
    if value is None:
        return type(None), None, []
    return None


def tree_flatten(tree, none_is_leaf=False):
    """(leaves, spec)."""
    leaves = []
    spec = _flatten(tree, leaves, none_is_leaf)
    return leaves, spec


def _flatten(tree, leaves, none_is_leaf):
    node = None if tree is None and none_is_leaf else children(tree)
    if node is None:
        leaves.append(tree)
        return LEAF
    kind, context, items = node
    return TreeSpec(kind, context, [_flatten(item, leaves, none_is_leaf) for item in items])


def tree_unflatten(leaves, spec):
    iterator = iter(leaves)
    return _unflatten(iterator, spec)


def _unflatten(iterator, spec):
    if spec.type is None:
        return next(iterator)
    items = [_unflatten(iterator, child) for child in spec.children]
    kind = spec.type
    if kind is tuple or kind is list:
        return kind(items)
    if kind is type(None):
        return None
    if issubclass(kind, tuple):
        return kind(*items)
    return kind(zip(spec.context, items))


def tree_map(fn, tree):
    leaves, spec = tree_flatten(tree)
    return tree_unflatten([fn(leaf) for leaf in leaves], spec)


def broadcast_prefix(prefix, tree, none_is_leaf=False):
    """The leaves of `prefix` repeated over the leaves of `tree` that each covers, or None if
    `prefix` is not a prefix of `tree`'s structure."""
    out = []
    if not _broadcast(prefix, tree, out, none_is_leaf):
        return None
    return out


def _broadcast(prefix, tree, out, none_is_leaf=False):
    # None in a prefix (an in_dim of None) covers a subtree, like an int
    prefix_node = None if prefix is None else children(prefix)
    if prefix_node is None:
        out.extend([prefix] * tree_flatten(tree, none_is_leaf)[1].num_leaves)
        return True
    tree_node = None if tree is None and none_is_leaf else children(tree)
    if tree_node is None:
        return False
    kind, context, items = prefix_node
    tree_kind, tree_context, tree_items = tree_node
    if kind is not tree_kind or len(items) != len(tree_items):
        return False
    if kind is dict or kind is collections.OrderedDict:
        if set(context) != set(tree_context):
            return False
        items = [prefix[key] for key in tree_context]
    elif context != tree_context:
        return False
    return all(_broadcast(p, t, out, none_is_leaf) for p, t in zip(items, tree_items))
