"""Selecting elements: which of several tied elements torch's CPU kernels pick, and how the
gradient of a selection reaches the selected elements.

Note [Tie order of torch's CPU kernels]
torch's sort (unless stable=True), topk, kthvalue and mode run unstable C++ algorithms: the
sort, nth_element and partial_sort of GCC's standard library, and a quickselect of torch's own.
Their values are well defined, but which index they report among equal values is whatever
those algorithms leave behind. To report the same indices, this module runs the same steps
on (value, index) pairs, in Python. It is only called for slices that hold ties (or NaNs);
elsewhere the order is unique and NumPy's sorts give it directly.
"""
from ember._creation import zeros
from ember.ops.pointwise import where


def _isnan(value):
    return value != value


def ascending_nan_last(a, b):
    """`a` before `b` in ascending order, NaN last (torch's ascending comparator)."""
    return (not _isnan(a) and _isnan(b)) or a < b


def descending_nan_first(a, b):
    """`a` before `b` in descending order, NaN first (torch's descending comparator)."""
    return (_isnan(a) and not _isnan(b)) or a > b


def _lg(n):
    return n.bit_length() - 1


class _Pairs:
    """(value, index) pairs compared by value with `less`, as the C++ algorithms see them."""

    __slots__ = ('items', 'less')

    def __init__(self, values, less):
        self.items = [(v, i) for i, v in enumerate(values)]
        self.less = less

    def comp(self, i, j):
        return self.less(self.items[i][0], self.items[j][0])

    def comp_value(self, item, j):
        return self.less(item[0], self.items[j][0])

    def swap(self, i, j):
        items = self.items
        items[i], items[j] = items[j], items[i]

    def indices(self):
        return [index for _, index in self.items]


# --- GCC's std::sort: introsort, then insertion sort -----------------------------------------

_THRESHOLD = 16


def std_sort(values, less):
    """The indices of `values` in the order std::sort leaves them."""
    pairs = _Pairs(values, less)
    _sort_range(pairs, 0, len(values))
    return pairs.indices()


def _sort_range(pairs, first, last):
    if last - first > 1:
        _introsort_loop(pairs, first, last, _lg(last - first) * 2)
        _final_insertion_sort(pairs, first, last)


def _introsort_loop(pairs, first, last, depth_limit):
    while last - first > _THRESHOLD:
        if depth_limit == 0:
            _partial_sort(pairs, first, last, last)
            return
        depth_limit -= 1
        cut = _unguarded_partition_pivot(pairs, first, last)
        _introsort_loop(pairs, cut, last, depth_limit)
        last = cut


def _move_median_to_first(pairs, result, a, b, c):
    comp = pairs.comp
    if comp(a, b):
        if comp(b, c):
            pairs.swap(result, b)
        elif comp(a, c):
            pairs.swap(result, c)
        else:
            pairs.swap(result, a)
    elif comp(a, c):
        pairs.swap(result, a)
    elif comp(b, c):
        pairs.swap(result, c)
    else:
        pairs.swap(result, b)


def _unguarded_partition_pivot(pairs, first, last):
    middle = first + (last - first) // 2
    _move_median_to_first(pairs, first, first + 1, middle, last - 1)
    return _unguarded_partition(pairs, first + 1, last, first)


def _unguarded_partition(pairs, first, last, pivot):
    comp = pairs.comp
    while True:
        while comp(first, pivot):
            first += 1
        last -= 1
        while comp(pivot, last):
            last -= 1
        if not first < last:
            return first
        pairs.swap(first, last)
        first += 1


def _final_insertion_sort(pairs, first, last):
    if last - first > _THRESHOLD:
        _insertion_sort(pairs, first, first + _THRESHOLD)
        for i in range(first + _THRESHOLD, last):
            _unguarded_linear_insert(pairs, i)
    else:
        _insertion_sort(pairs, first, last)


def _insertion_sort(pairs, first, last):
    if first == last:
        return
    items = pairs.items
    for i in range(first + 1, last):
        if pairs.comp(i, first):
            item = items[i]
            items[first + 1:i + 1] = items[first:i]
            items[first] = item
        else:
            _unguarded_linear_insert(pairs, i)


def _unguarded_linear_insert(pairs, last):
    items = pairs.items
    item = items[last]
    previous = last - 1
    while pairs.comp_value(item, previous):
        items[last] = items[previous]
        last = previous
        previous -= 1
    items[last] = item


# --- heaps: std::partial_sort ----------------------------------------------------------------

def _adjust_heap(pairs, first, hole, length, item):
    items = pairs.items
    less = pairs.less
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if less(items[first + child][0], items[first + child - 1][0]):
            child -= 1
        items[first + hole] = items[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        items[first + hole] = items[first + child - 1]
        hole = child - 1
    parent = (hole - 1) // 2
    while hole > top and less(items[first + parent][0], item[0]):
        items[first + hole] = items[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    items[first + hole] = item


def _make_heap(pairs, first, last):
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(pairs, first, parent, length, pairs.items[first + parent])
        if parent == 0:
            return
        parent -= 1


def _pop_heap(pairs, first, last, result):
    items = pairs.items
    item = items[result]
    items[result] = items[first]
    _adjust_heap(pairs, first, 0, last - first, item)


def _heap_select(pairs, first, middle, last):
    _make_heap(pairs, first, middle)
    for i in range(middle, last):
        if pairs.comp(i, first):
            _pop_heap(pairs, first, middle, i)


def _partial_sort(pairs, first, middle, last):
    _heap_select(pairs, first, middle, last)
    while middle - first > 1:
        middle -= 1
        _pop_heap(pairs, first, middle, middle)


def std_partial_sort(values, less, k):
    """The first k indices std::partial_sort leaves."""
    pairs = _Pairs(values, less)
    _partial_sort(pairs, 0, k, len(values))
    return pairs.indices()[:k]


# --- std::nth_element: introselect -----------------------------------------------------------

def _nth_element(pairs, nth, last):
    first = 0
    if first == last or nth == last:
        return
    depth_limit = _lg(last - first) * 2
    while last - first > 3:
        if depth_limit == 0:
            _heap_select(pairs, first, nth + 1, last)
            pairs.swap(first, nth)
            return
        depth_limit -= 1
        cut = _unguarded_partition_pivot(pairs, first, last)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(pairs, first, last)


def topk_order(values, k, largest, sorted):
    """The k indices torch's CPU topk reports for one slice."""
    less = descending_nan_first if largest else ascending_nan_last
    n = len(values)
    if k == 0:
        return []
    if k * 64 <= n:  # torch's threshold for a partial sort rather than a selection
        return std_partial_sort(values, less, k)
    pairs = _Pairs(values, less)
    _nth_element(pairs, k - 1, n)
    if sorted:
        _sort_range(pairs, 0, k - 1)
    return pairs.indices()[:k]


# --- torch's own quickselect (kthvalue) ------------------------------------------------------

def _greater_or_nan(a, b):
    return (_isnan(a) and not _isnan(b)) or a > b


def quickselect_index(values, k):
    """The index torch's CPU kthvalue reports for the k-th smallest (k from 0)."""
    items = list(values)
    order = list(range(len(items)))

    def swap(i, j):
        items[i], items[j] = items[j], items[i]
        order[i], order[j] = order[j], order[i]

    gt = _greater_or_nan
    left, right = 0, len(items) - 1
    while True:
        if right <= left:
            break
        if right == left + 1:
            if gt(items[left], items[right]):
                swap(left, right)
            break
        middle = left + (right - left) // 2
        swap(middle, left + 1)
        if gt(items[left + 1], items[right]):
            swap(left + 1, right)
        if gt(items[left], items[right]):
            swap(left, right)
        if gt(items[left + 1], items[left]):
            swap(left + 1, left)
        i, j = left + 1, right
        pivot = items[left]
        while True:
            i += 1
            while gt(pivot, items[i]):
                i += 1
            j -= 1
            while gt(items[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(left, j)
        if j <= k:
            left = i
        if j >= k:
            right = j - 1
    return order[k]


def mode_of(values):
    """(value, index) that torch's CPU mode reports for one slice."""
    order = std_sort(values, plain_less)
    best_value, best_index, best_count, count = 0, 0, 0, 0
    n = len(order)
    for position, index in enumerate(order):
        count += 1
        value = values[index]
        if position == n - 1 or value != values[order[position + 1]]:
            if count > best_count:
                best_value, best_index, best_count = value, index, count
            count = 0
    return best_value, best_index


def lexicographic_less(a, b):
    """Sequence `a` before sequence `b`: decided by the first elements that compare < or >."""
    for x, y in zip(a, b):
        if x < y:
            return True
        if x > y:
            return False
    return False


def plain_less(a, b):
    """`a` before `b` by `<` alone, under which NaN is never before or after anything."""
    return a < b


# --- the gradients of selections -------------------------------------------------------------

def value_selecting_backward(grad, dim, indices, input_shape, keepdim):
    """The gradient of an op that picked one element per slice along `dim` (max(dim),
    median(dim), kthvalue, mode): all of `grad` goes to the picked element."""
    from ember.ops.scatter import scatter
    if not keepdim:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return scatter(zeros(tuple(input_shape), dtype=grad.dtype), dim, indices, grad)


def evenly_distribute_backward(grad, input, value):
    """The gradient of a reduction to one of its elements (max, median): shared evenly by
    every element equal to the result (every NaN, where the result is NaN)."""
    if bool(value.ne(value)):
        mask = input.ne(input)
    else:
        mask = input.eq(value)
    return where(mask, grad / mask.sum(), 0)


def scale_grad_by_count(grad, out, input, dims, keepdim):
    """The gradient of amax or amin: shared evenly by the elements equal to the result."""
    from ember.ops.reduction import restore_reduced
    input_shape = input.shape
    mask = restore_reduced(out, input_shape, dims, keepdim).eq(input)
    grad = restore_reduced(grad, input_shape, dims, keepdim)
    return (grad / mask.sum(dims, True)) * mask
