"""ember.save / ember.load in torch's file format, and pickling and deep-copying of tensors.

Note [File format]
A file is torch's: a zip archive holding `<name>/data.pkl` (the object, pickled with protocol
2), one raw little-endian record `<name>/data/<key>` per storage, and small `version` and
`byteorder` records. The pickle names torch's own rebuild functions and storage classes
(`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`), so torch.load reads what ember.save
writes and ember.load reads what torch.save writes; ember maps those names to its own
functions on the way in and never imports torch.

Note [Shared storage]
ember's storage is the NumPy array that owns a tensor's memory. Tensors whose memory lies in
one contiguous owning array of their own dtype share one storage record, with their offsets
and strides, as in torch (a state_dict entry and its Parameter, views of one tensor), and they
share memory again after loading. A tensor that is not such a view (negative strides after
flip, a view reinterpreting another dtype) is saved as a contiguous copy of its own, so its
sharing with other tensors is lost.
"""
import copy
import io
import os
import pickle
import struct
from collections import Counter, OrderedDict

import numpy as np

from ember import _dtype
from ember._device import device
from ember._size import Size
from ember._tensor import Tensor, wrap

__all__ = ['save', 'load']

DEFAULT_PROTOCOL = 2
# torch aligns each storage record to this many bytes so that it can map the file
_ALIGNMENT = 64


# --- plain pickle and deepcopy (Tensor.__reduce_ex__ and __deepcopy__) ------------------------

def _rebuild(array, requires_grad):
    t = wrap(array)
    t._requires_grad = requires_grad
    return t


def reduce_tensor(t):
    """What pickle stores for a tensor: its values and requires_grad, not its graph."""
    if t.grad_fn is not None:
        raise RuntimeError(
            "Can't pickle a non-leaf tensor requiring grad; detach() it first")
    return _rebuild, (np.array(t._data, copy=True), t._requires_grad)


def deepcopy_tensor(t, memo):
    """Matches torch's Tensor.__deepcopy__: leaves only, with their grad."""
    if t.grad_fn is not None:
        raise RuntimeError(
            "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
            "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
            "because of a torch.nn.utils.weight_norm usage, see "
            "https://github.com/pytorch/pytorch/pull/103001")
    if id(t) in memo:
        return memo[id(t)]
    result = _rebuild(np.array(t._data, copy=True), t._requires_grad)
    if type(t) is not Tensor:
        result = type(t)._wrap_copy(result, t)
    memo[id(t)] = result
    if t._grad is not None:
        result._grad = copy.deepcopy(t._grad, memo)
    return result


# --- names in torch's files --------------------------------------------------------------------

_STORAGE_NAMES = {
    _dtype.float32: 'FloatStorage', _dtype.float64: 'DoubleStorage',
    _dtype.float16: 'HalfStorage', _dtype.int64: 'LongStorage', _dtype.int32: 'IntStorage',
    _dtype.int16: 'ShortStorage', _dtype.int8: 'CharStorage', _dtype.uint8: 'ByteStorage',
    _dtype.bool: 'BoolStorage', _dtype.complex64: 'ComplexFloatStorage',
    _dtype.complex128: 'ComplexDoubleStorage',
}
_DTYPE_NAMES = {d: str(d).rpartition('.')[2] for d in _dtype.ALL}


class _TorchName:
    """A global of torch's that ember.save writes by name (pickle wants a callable)."""

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):
        raise TypeError(f"{self.module}.{self.name} is a name written into files")


class _StorageType:
    """What a torch storage class name in a file resolves to: the dtype of its records."""

    def __init__(self, dtype):
        self.dtype = dtype


# --- saving ------------------------------------------------------------------------------------

def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """Matches `torch.save`, in torch's zip format (Note [File format]). Storage sharing
    follows Note [Shared storage]."""
    if not _use_new_zipfile_serialization:
        raise RuntimeError("ember.save writes only torch's zip format "
                           "(_use_new_zipfile_serialization=True)")
    data = io.BytesIO()
    pickler = _Pickler(data, pickle_protocol)
    pickler.dump(obj)
    if _is_path(f):
        name = os.path.splitext(os.path.basename(os.fspath(f)))[0] or 'archive'
        with open(f, 'wb') as file:
            _write_archive(file, name, data.getvalue(), pickler.storages,
                           _disable_byteorder_record)
    else:
        _write_archive(f, 'archive', data.getvalue(), pickler.storages,
                       _disable_byteorder_record)


def _is_path(f):
    return isinstance(f, (str, os.PathLike))


class _Pickler(pickle._Pickler):
    """The pure-Python pickler: unlike the C one it lets a global be written by name, so the
    file can name torch's functions without importing torch."""

    dispatch = pickle._Pickler.dispatch.copy()

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.storages = {}      # key -> 1-D array of the storage's elements
        self._keys = {}         # id(owning array) -> key
        self._owners = []       # keeps owners alive so their ids stay unique

    def save_torch_name(self, obj):
        self.write(pickle.GLOBAL + f'{obj.module}\n{obj.name}\n'.encode())
        self.memoize(obj)

    dispatch[_TorchName] = save_torch_name

    def save_dtype(self, obj):
        self.save_torch_name(_torch_name('torch', _DTYPE_NAMES[obj]))

    dispatch[_dtype.dtype] = save_dtype

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            return self._reduce_tensor(obj)
        if type(obj) is Size:
            return _torch_name('torch', 'Size'), (tuple(obj),)
        if type(obj) is device:
            args = (obj.type,) if obj.index is None else (obj.type, obj.index)
            return _torch_name('torch', 'device'), args
        return NotImplemented

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:
            return ('storage', _torch_name('torch', _STORAGE_NAMES[obj.dtype]), obj.key, 'cpu',
                    obj.numel)
        return None

    def _reduce_tensor(self, t):
        from ember.nn.parameter import Parameter
        requires_grad = t._requires_grad
        if isinstance(t, Parameter):
            return (_torch_name('torch._utils', '_rebuild_parameter'),
                    (wrap(t._data), requires_grad, OrderedDict()))
        storage, offset, stride = self._storage_of(t)
        return (_torch_name('torch._utils', '_rebuild_tensor_v2'),
                (storage, offset, tuple(t.shape), stride, requires_grad, OrderedDict()))

    def _storage_of(self, t):
        """The storage record holding `t`, its offset and strides in elements."""
        data = np.asarray(t._data)
        owner = _owner(data)
        if owner is None:
            owner = np.ascontiguousarray(data)
        key = self._keys.get(id(owner))
        if key is None:
            key = self._keys[id(owner)] = str(len(self.storages))
            self._owners.append(owner)
            self.storages[key] = owner.ravel(order='K')
        itemsize = data.itemsize
        start = owner.__array_interface__['data'][0]
        offset = (data.__array_interface__['data'][0] - start) // itemsize
        stride = tuple(s // itemsize for s in data.strides)
        return _StorageRef(key, _dtype.FROM_NP[data.dtype], owner.size), offset, stride


def _owner(data):
    """The array that owns `data`'s memory if `data` can be saved as a view into it: the
    owner's memory is one block of `data`'s dtype and `data` steps forward through it."""
    owner = data
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    if owner.dtype != data.dtype or not (owner.flags.c_contiguous or owner.flags.f_contiguous):
        return None
    itemsize = data.itemsize
    if any(s < 0 or s % itemsize for s in data.strides):
        return None
    distance = data.__array_interface__['data'][0] - owner.__array_interface__['data'][0]
    if distance < 0 or distance % itemsize:
        return None
    return owner


class _StorageRef:
    __slots__ = ('key', 'dtype', 'numel')

    def __init__(self, key, dtype, numel):
        self.key, self.dtype, self.numel = key, dtype, numel


_TORCH_NAMES = {}


def _torch_name(module, name):
    """One object per name, so the pickle memo writes each global once."""
    key = (module, name)
    found = _TORCH_NAMES.get(key)
    if found is None:
        found = _TORCH_NAMES[key] = _TorchName(module, name)
    return found


def _write_archive(file, name, pickled, storages, disable_byteorder):
    import zipfile
    with zipfile.ZipFile(file, 'w', compression=zipfile.ZIP_STORED) as archive:
        _add_record(archive, f'{name}/data.pkl', pickled)
        _add_record(archive, f'{name}/.format_version', b'1')
        _add_record(archive, f'{name}/.storage_alignment', str(_ALIGNMENT).encode())
        if not disable_byteorder:
            _add_record(archive, f'{name}/byteorder', b'little')
        for key, storage in storages.items():
            little = storage.astype(storage.dtype.newbyteorder('<'), copy=False)
            _add_record(archive, f'{name}/data/{key}', little.tobytes())
        _add_record(archive, f'{name}/version', b'3\n')


def _add_record(archive, path, payload):
    import zipfile
    info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    # pad the local header's extra field so that the record's bytes start aligned
    header_end = archive.fp.tell() + 30 + len(path.encode()) + 4
    padding = -header_end % _ALIGNMENT
    info.extra = b'FB' + struct.pack('<H', padding) + b'Z' * padding
    archive.writestr(info, payload)


# --- loading -----------------------------------------------------------------------------------

def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Matches `torch.load` for files in torch's zip format (Note [File format]). Every tensor
    loads onto the CPU: `map_location` is accepted and has no other effect."""
    if weights_only is None:
        weights_only = pickle_module is None
    if weights_only and pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    if _is_path(f):
        with open(f, 'rb') as file:
            return _load_archive(file, weights_only, pickle_load_args)
    return _load_archive(f, weights_only, pickle_load_args)


def _load_archive(file, weights_only, pickle_load_args):
    import zipfile
    if not zipfile.is_zipfile(file):
        raise pickle.UnpicklingError("ember.load reads only torch's zip format (files written "
                                     "by torch.save or ember.save)")
    with zipfile.ZipFile(file) as archive:
        pickled = [n for n in archive.namelist() if n.endswith('data.pkl')]
        if not pickled:
            raise RuntimeError("PytorchStreamReader failed locating file data.pkl: file not found")
        prefix = pickled[0][:-len('data.pkl')]
        big_endian = (prefix + 'byteorder' in archive.namelist()
                      and archive.read(prefix + 'byteorder') == b'big')
        unpickler = _Unpickler(io.BytesIO(archive.read(pickled[0])), archive, prefix,
                               big_endian, weights_only, pickle_load_args.get('encoding', 'utf-8'))
        try:
            return unpickler.load()
        except pickle.UnpicklingError as error:
            if weights_only:
                raise pickle.UnpicklingError(_weights_only_message(str(error))) from None
            raise


class _Unpickler(pickle.Unpickler):

    def __init__(self, file, archive, prefix, big_endian, weights_only, encoding):
        super().__init__(file, encoding=encoding)
        self.archive, self.prefix, self.big_endian = archive, prefix, big_endian
        self.weights_only = weights_only
        self.storages = {}

    def find_class(self, module, name):
        module, name = _python3_name(module, name)
        full_path = f'{module}.{name}'
        found = _allowed_globals().get(full_path)
        if found is None:
            found = user_allowed(full_path)
        if found is not None:
            return found
        if self.weights_only:
            _refuse_global(module, name, full_path)
        if module == 'torch' or module.startswith('torch.'):
            # a whole torch object (a module, an optimizer): ember's class of the same path
            module = 'ember' + module[len('torch'):]
        return super().find_class(module, name)

    def persistent_load(self, pid):
        kind, storage_type, key, _location, numel = pid
        if kind != 'storage' or not isinstance(storage_type, _StorageType):
            raise pickle.UnpicklingError(f"Unsupported persistent id {pid!r}")
        storage = self.storages.get(key)
        if storage is None:
            storage = self.storages[key] = self._read_storage(key, storage_type.dtype, numel)
        return storage

    def _read_storage(self, key, dtype, numel):
        target = dtype.np.newbyteorder('>') if self.big_endian else dtype.np
        array = np.empty(numel, dtype=target)
        with self.archive.open(f'{self.prefix}data/{key}') as record:
            record.readinto(memoryview(array).cast('B'))
        return array.astype(dtype.np) if self.big_endian else array


_UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in "
    "`torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to "
    "`False` will likely succeed, but it can result in arbitrary code execution. Do it only if "
    "you got the file from a trusted source.")
_DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default "
    "with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")


def _weights_only_message(message):
    """torch's wrapping of an error from its weights-only unpickler."""
    if 'was not an allowed global by default.' in message:
        text = ("Weights only load failed. This file can still be loaded, to do so you have two "
                "options, \033[1mdo those steps only if you trust the source of the "
                f"checkpoint\033[0m. \n\t(1) {_UNSAFE_MESSAGE}\n\t(2) Alternatively, to load "
                "with `weights_only=True` please check the recommended steps in the following "
                "error message.\n\tWeightsUnpickler error: " + message)
        return text + _DOCS_MESSAGE
    text = f"Weights only load failed. {_UNSAFE_MESSAGE}\n"
    if ' is blocked' not in message:
        text += ("Please file an issue with the following so that we can make "
                 "`weights_only=True` compatible with your use case: WeightsUnpickler error: ")
    return text + "\n\n" + message + _DOCS_MESSAGE


# --- the weights-only allowlist that users extend ---------------------------------------------

_user_safe_globals = set()


def add_safe_globals(safe_globals):
    """Matches `torch.serialization.add_safe_globals`."""
    _user_safe_globals.update(safe_globals)


def get_safe_globals():
    """Matches `torch.serialization.get_safe_globals`."""
    return list(_user_safe_globals)


def clear_safe_globals():
    """Matches `torch.serialization.clear_safe_globals`."""
    _user_safe_globals.clear()


class safe_globals:
    """Matches `torch.serialization.safe_globals`: allowlists globals inside a with block."""

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        self._before = set(_user_safe_globals)
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc):
        _user_safe_globals.clear()
        _user_safe_globals.update(self._before)


def user_allowed(full_path):
    """The global a user allowlisted under `module.name`, or None."""
    for entry in _user_safe_globals:
        if isinstance(entry, tuple):
            obj, path = entry
        else:
            obj, path = entry, f'{entry.__module__}.{entry.__qualname__}'
        if path == full_path:
            return obj
    return None


# --- what a file's globals resolve to ----------------------------------------------------------

def _python3_name(module, name):
    """Protocol 2 pickles name Python 2's modules (`__builtin__`); Python 3's names for them."""
    import _compat_pickle
    if (module, name) in _compat_pickle.NAME_MAPPING:
        return _compat_pickle.NAME_MAPPING[(module, name)]
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


_BLOCKED_MODULES = ('sys', 'os', 'posix', 'nt')


def _refuse_global(module, name, full_path):
    if module in _BLOCKED_MODULES:
        raise pickle.UnpicklingError(f"Trying to load unsupported GLOBAL {full_path} whose "
                                     f"module {module} is blocked.")
    if full_path.startswith('builtins.'):
        # NOTE: torch names builtins bare in this message (GLOBAL print)
        full_path = full_path[len('builtins.'):]
    raise pickle.UnpicklingError(
        f"Unsupported global: GLOBAL {full_path} was not an allowed global by default. Please "
        f"use `torch.serialization.add_safe_globals([{full_path}])` or the "
        f"`torch.serialization.safe_globals([{full_path}])` context manager to allowlist this "
        "global if you trust this class/function.")


def _rebuild_tensor(storage, storage_offset, size, stride):
    """A tensor viewing `storage` (a 1-D array) at the given offset and strides."""
    size, stride = tuple(size), tuple(stride)
    if 0 in size:
        return wrap(np.empty(size, dtype=storage.dtype))
    last = storage_offset + sum((n - 1) * s for n, s in zip(size, stride))
    if storage_offset < 0 or min(stride, default=0) < 0 or last >= storage.size:
        raise RuntimeError(f"a tensor of size {list(size)}, stride {list(stride)} and offset "
                           f"{storage_offset} does not fit in its storage of {storage.size} "
                           "elements")
    numel = int(np.prod(size))
    if stride == _contiguous_strides(size):
        array = storage[storage_offset:storage_offset + numel].reshape(size)
    else:
        array = np.lib.stride_tricks.as_strided(
            storage[storage_offset:], size, [s * storage.itemsize for s in stride])
    return wrap(array)


def _contiguous_strides(size):
    strides, step = [], 1
    for n in reversed(size):
        strides.append(step)
        step *= max(n, 1)
    return tuple(reversed(strides))


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    t = _rebuild_tensor(storage, storage_offset, size, stride)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks):
    from ember.nn.parameter import Parameter
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    if state:
        raise RuntimeError("ember.load cannot restore the attributes of a saved Parameter")
    return _rebuild_parameter(data, requires_grad, backward_hooks)


def _rebuild_from_type_v2(func, new_type, args, state):
    if state:
        raise RuntimeError("ember.load cannot restore the attributes of a saved tensor")
    return func(*args)


def _allowed_globals():
    """What the globals that torch allows under weights_only resolve to in ember."""
    global _ALLOWED
    if _ALLOWED is None:
        import _codecs
        from ember.nn.parameter import Parameter
        allowed = {
            'collections.OrderedDict': OrderedDict, 'collections.Counter': Counter,
            'torch._utils._rebuild_tensor': _rebuild_tensor,
            'torch._utils._rebuild_tensor_v2': _rebuild_tensor_v2,
            'torch._utils._rebuild_parameter': _rebuild_parameter,
            'torch._utils._rebuild_parameter_with_state': _rebuild_parameter_with_state,
            'torch._tensor._rebuild_from_type_v2': _rebuild_from_type_v2,
            'torch.Size': Size, 'torch.device': device, 'torch.Tensor': Tensor,
            'torch.nn.parameter.Parameter': Parameter, '_codecs.encode': _codecs.encode,
            'builtins.bytearray': bytearray, 'builtins.set': set, 'builtins.complex': complex,
        }
        for dtype, name in _DTYPE_NAMES.items():
            allowed[f'torch.{name}'] = dtype
        for dtype, name in _STORAGE_NAMES.items():
            allowed[f'torch.{name}'] = _StorageType(dtype)
        _ALLOWED = allowed
    return _ALLOWED


_ALLOWED = None
