"""Finding plugin files on the stick and importing one by path.

A file is first read WITHOUT running it: its SHA-256 and, from its syntax tree, the module-level
`PLUGIN = PluginInfo(...)` literal and the names of its top-level `@hookimpl` functions. Only a file an admin
enabled at that very hash is imported, under a private module name, from the same bytes that were hashed;
`sys.path` is never touched, so this works the same inside the PyInstaller bundle.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import ModuleType

from app import __version__
from app.core.i18n import _
from app.domain.errors import ConflictError, ValidationError
from app.plugins import hookspecs
from app.plugins.builtin import RESERVED_NAMES
from app.plugins.spec import PluginInfo

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MODULE_PREFIX = "tattoo_stick.plugins"
MAX_BYTES = 1024 * 1024  # a plugin is a script, not a data file
KNOWN_HOOKS = frozenset(name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "tattoo_stick_spec"))
_INFO_FIELDS = tuple(f.name for f in fields(PluginInfo))


@dataclass(frozen=True)
class PluginFile:
    """One plugins/*.py file as read from the stick: its hash, what it declares, and what is wrong with it."""

    path: Path
    sha256: str
    info: PluginInfo | None  # None when the declaration cannot be read (then `problem` says what to fix)
    hooks: tuple[str, ...] = ()
    problem: str = ""  # a sentence for the admin, empty when the file can be enabled
    data: bytes = field(default=b"", repr=False)

    @property
    def name(self) -> str:
        """The declared name, else the file's stem (so the admin can still tell which file is meant)."""
        return self.info.name if self.info is not None and NAME.match(self.info.name) else self.path.stem


def version_tuple(text: str) -> tuple[int, ...] | None:
    """'1.2.3' -> (1, 2, 3); None when the text is not dotted numbers."""
    parts = text.strip().split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def too_new(info: PluginInfo, app_version: str = __version__) -> bool:
    """Whether the plugin needs a newer app than this one."""
    needed, have = version_tuple(info.min_app_version), version_tuple(app_version)
    return needed is None or have is None or needed > have


def find(folder: Path) -> list[PluginFile]:
    """Every `*.py` file directly in `folder`, sorted by name, each read without running it."""
    if not folder.is_dir():
        return []
    found = [read(path) for path in sorted(folder.glob("*.py")) if path.is_file()]
    first: dict[str, str] = {}
    for index, plugin in enumerate(found):
        if plugin.info is None or plugin.problem:
            continue
        if plugin.name in first:
            found[index] = replace(plugin, problem=_(
                "%(file)s declares the name '%(name)s', like %(other)s: each plugin needs its own name. Remove one "
                "of the two files from plugins/.", file=plugin.path.name, name=plugin.name, other=first[plugin.name]))
        else:
            first[plugin.name] = plugin.path.name
    return found


def read(path: Path, data: bytes | None = None) -> PluginFile:
    """Read one file's hash and declaration from its bytes; never executes it."""
    if data is None:
        data = path.read_bytes()[:MAX_BYTES + 1]
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        return PluginFile(path, digest, None, (), _("%(file)s is larger than 1 MiB; a plugin is a script. Remove "
                                                   "it from plugins/.", file=path.name), data)
    try:
        tree = ast.parse(data, filename=path.name)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None) or 0
        return PluginFile(path, digest, None, (), _("%(file)s is not valid Python (line %(line)s). Fix the file or "
                                                   "remove it from plugins/.", file=path.name, line=line), data)
    hooks = tuple(_hooks(tree))
    info, problem = _declaration(tree, path.name)
    if info is not None and not problem:
        problem = _check(info, hooks, path.name)
    return PluginFile(path, digest, info, hooks, problem, data)


def _declaration(tree: ast.Module, file: str) -> tuple[PluginInfo | None, str]:
    missing = _("%(file)s does not declare itself: add a line PLUGIN = PluginInfo(name=\"...\", version=\"...\", "
                "author=\"...\", min_app_version=\"...\") at the top level, with plain text values.", file=file)
    for node in tree.body:
        call: ast.expr | None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, call = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, call = node.target, node.value
        else:
            continue
        if not (isinstance(target, ast.Name) and target.id == "PLUGIN"):
            continue
        if not (isinstance(call, ast.Call) and _called(call.func) == "PluginInfo"):
            return None, missing
        try:
            values = {name: ast.literal_eval(arg) for name, arg in zip(_INFO_FIELDS, call.args, strict=False)}
            values.update({kw.arg: ast.literal_eval(kw.value) for kw in call.keywords if kw.arg})
        except ValueError:
            return None, missing
        if len(call.args) > len(_INFO_FIELDS) or set(values) - set(_INFO_FIELDS) or any(
                not isinstance(value, str) for value in values.values()) or not {"name", "version"} <= set(values):
            return None, missing
        return PluginInfo(**values), ""
    return None, missing


def _check(info: PluginInfo, hooks: tuple[str, ...], file: str) -> str:
    if not NAME.match(info.name):
        return _("%(file)s declares the name '%(name)s': a plugin's name is 1 to 40 lower-case letters, digits and "
                 "'_', starting with a letter.", file=file, name=info.name[:60])
    if info.name in RESERVED_NAMES:
        return _("%(file)s declares the name '%(name)s', which the app uses itself (%(names)s). Give the plugin "
                 "another name.", file=file, name=info.name, names=", ".join(RESERVED_NAMES))
    unknown = [hook for hook in hooks if hook not in KNOWN_HOOKS]
    if unknown:
        return _("%(file)s implements hooks this app does not have (%(hooks)s). Check their names in "
                 "plugins/README.md.", file=file, hooks=", ".join(unknown))
    if version_tuple(info.min_app_version) is None:
        return _("%(file)s gives its minimum app version as '%(version)s'; write it as numbers such as 0.1.0.",
                 file=file, version=info.min_app_version[:40])
    return ""


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Call):
        return _called(func.func)
    return ""


def _hooks(tree: ast.Module) -> list[str]:
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and any(_called(decorator) == "hookimpl" for decorator in node.decorator_list)]


def module_name(found: PluginFile) -> str:
    """The private name a plugin is imported under: its declared name and the start of its hash."""
    return f"{MODULE_PREFIX}.{found.name}_{found.sha256[:8]}"


def load(path: Path, approved_sha256: str) -> tuple[ModuleType, PluginFile]:
    """Import the plugin at `path` if its bytes still hash to `approved_sha256`: the file is read once, and the
    bytes hashed are the bytes compiled and run. Raises ConflictError when the file changed, ValidationError
    when its declaration is wrong, and whatever the plugin's own code raises."""
    found = read(path)
    if found.sha256 != approved_sha256:
        raise ConflictError(_("%(file)s changed since an admin enabled it: approve it again on the Admin screen.",
                              file=path.name))
    if found.problem or found.info is None:
        raise ValidationError(found.problem)
    name = module_name(found)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise ValidationError(_("%(file)s cannot be imported.", file=path.name))
    module = importlib.util.module_from_spec(spec)
    code = compile(found.data, str(path), "exec", dont_inherit=True)
    sys.modules[name] = module  # dataclasses and typing look their module up while it runs
    try:
        exec(code, module.__dict__)  # noqa: S102 (this IS the plugin import, of the approved bytes)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    if getattr(module, "PLUGIN", None) != found.info:
        sys.modules.pop(name, None)
        raise ValidationError(_("%(file)s's PLUGIN, once run, is not what the file declares; declare it once, as a "
                                "plain PluginInfo(...).", file=path.name))
    return module, found
