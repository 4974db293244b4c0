"""The one plugin mechanism: named implementations of a kind, built-in or from another package.

Every extensible kind (stages, teacher backends, students, executors, export styles and export
formats) has an entry-point group, and a plugin is one entry point naming one object (a class,
or a module whose import registers it)::

    [project.entry-points."synthloop.teachers"]
    echo = "acme_echo:EchoTeacher"

Built-ins are entry points too, declared in code (so a source checkout needs no install) and
loaded the same way, on first use: looking a name up imports only the module that defines it.
Configuration reads only the *names* of a group (entry-point metadata, no import) to check a
spec, and loads a plugin's config model only for a name that is not built in.
"""

from __future__ import annotations

import difflib
import functools
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")

STAGES = "synthloop.stages"
TEACHERS = "synthloop.teachers"
STUDENTS = "synthloop.students"
EXECUTORS = "synthloop.executors"
EXPORT_STYLES = "synthloop.export_styles"
EXPORT_FORMATS = "synthloop.export_formats"
GROUPS = (STAGES, TEACHERS, STUDENTS, EXECUTORS, EXPORT_STYLES, EXPORT_FORMATS)


def plugin_entry_points(group: str) -> dict[str, EntryPoint]:
    """The entry points installed for ``group``, by name (metadata only: nothing imported)."""
    return dict(_installed(tuple(sys.path))[group])


@functools.lru_cache(maxsize=4)
def _installed(path: tuple[str, ...]) -> dict[str, dict[str, EntryPoint]]:
    """synthloop's entry points on ``path``, by group and name. Each look-up reads the metadata
    of every installed distribution (about 40 ms in an environment with torch and its kin, and
    a run asks for several groups), so it is read once, and again when ``sys.path`` changes."""
    installed = entry_points()
    return {group: {ep.name: ep for ep in installed.select(group=group)} for group in GROUPS}


def unknown(what: str, name: str, known: Iterable[str], *, listed: str = "available") -> str:
    """``unknown <what> 'x'; did you mean 'y'?`` (or the list of known names)."""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"{listed}: {', '.join(names)}"
    return f"unknown {what} {name!r}; {hint}"


def instance_of(base: type, what: str) -> Callable[[str, object], Any]:
    """A :class:`Registry` check for kinds whose plugins are objects (export styles, formats):
    an instance of ``base``, or a subclass of it, instantiated. (``base`` is abstract, which
    ``type[T]`` would refuse: the registry's annotation carries the type.)"""

    def check(name: str, obj: object) -> Any:
        if isinstance(obj, type) and issubclass(obj, base):
            obj = obj()
        if not isinstance(obj, base):
            raise TypeError(f"{what} {name!r}: {obj!r} is not a subclass of "
                            f"{base.__module__}.{base.__name__}")
        return obj

    return check


def names_with_plugins(builtins: Iterable[str], group: str) -> list[str]:
    """Built-in names in their order, then those of installed plugins (names only: nothing
    imported)."""
    names = list(builtins)
    return [*names, *sorted(set(plugin_entry_points(group)) - set(names))]


def plugin_config_class(name: str, builtins: dict[str, type[T]], group: str, base: type[T], *,
                        what: str, noun: str, error: type[Exception],
                        listed: str = "available") -> type[T]:
    """The config model of a teacher backend or student kind ``name``: the built-in's, else the
    ``Spec`` of the plugin's class (importing only that plugin); ``error`` naming the known
    names, or saying what the plugin lacks."""
    if name in builtins:
        return builtins[name]
    ep = plugin_entry_points(group).get(name)
    if ep is None:
        raise error(unknown(what, name, names_with_plugins(builtins, group), listed=listed))
    cls = getattr(ep.load(), "Spec", None)
    if not (isinstance(cls, type) and issubclass(cls, base)):
        raise error(f"{what} {name!r} ({ep.value}) has no `Spec`: give its {noun} class a "
                    f"Spec, a subclass of synthloop.config.{base.__name__}")
    return cls


class Registry(Generic[T]):
    """The implementations of one kind by name: built-ins (``{name: "module:attr"}``, or
    objects registered with :meth:`register`) and the entry points of ``group``.

    ``check`` turns what an entry point loads into the registry's type, raising a
    :class:`TypeError` that says what a plugin of this kind must be.
    """

    def __init__(self, what: str, group: str, builtins: dict[str, str] | None = None,
                 check: Callable[[str, Any], T] | None = None) -> None:
        self.what, self.group = what, group
        self._builtins = {name: EntryPoint(name, value, group)
                          for name, value in (builtins or {}).items()}
        self._check = check
        self._registered: dict[str, T] = {}
        self._loaded: dict[tuple[str, str], T] = {}  # by (name, the entry point's value)

    def register(self, name: str, obj: Any) -> T:
        """Make ``obj`` available under ``name`` (built-ins that are objects, and tests)."""
        item = self._checked(name, obj)
        self._registered[name] = item
        return item

    def builtin_names(self) -> list[str]:
        return [*self._builtins, *(n for n in self._registered if n not in self._builtins)]

    def names(self) -> list[str]:
        """Built-ins in their order, then plugins by name."""
        return names_with_plugins(self.builtin_names(), self.group)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.names()

    def get(self, name: str) -> T:
        """The implementation ``name``, loaded on first use. KeyError with a did-you-mean if
        there is none; TypeError if a plugin's object is not of this kind."""
        if name in self._registered:
            return self._registered[name]
        ep = self._builtins.get(name) or plugin_entry_points(self.group).get(name)
        if ep is None:
            raise KeyError(unknown(self.what, name, sorted(self.names())))
        key = (name, ep.value)
        if key not in self._loaded:
            loaded = ep.load()
            if name in self._registered:  # a module whose import registered the name
                return self._registered[name]
            self._loaded[key] = self._checked(name, loaded)
        return self._loaded[key]

    def _checked(self, name: str, obj: Any) -> T:
        return self._check(name, obj) if self._check else cast(T, obj)
