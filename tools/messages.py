"""The catalogue of every message an editor can see, read from the code itself.

`python tools/messages.py` prints it; `--write` puts it into guide/messages.md (between the
markers below) and `--check` fails when that file is out of date, so the team's guide can never
drift from what `check` and `build` really say.

Messages are found by walking the AST of scripts/pufa/**/*.py, not by running anything:

- every `Problem(path, line, message, expected=…, actual=…, fix=…)` call;
- string tables (lists of tuples) whose names end in `_WARNINGS` or `_HINTS`, such as the
  translated MkDocs link warnings and the YAML hints: the first Chinese string of a row is the
  message, the second its fix;
- the sign renderer (media/signs.py), whose texts the `signs` command wraps into Problems: Chinese
  text it raises or returns.

A message's text may be a literal, an f-string, a `+` concatenation, a conditional expression
(both branches are listed) or a name. Names are followed to their assignments; a function's
parameter is followed to the arguments of each call of that function in the package, so a
helper such as `_required_text(value, "姓名", "写上这个人的姓名", …)` gives its own message.
Whatever is only known when the check runs (the editor's value, a file name, a number) becomes
"…".
"""

from __future__ import annotations

import argparse
import ast
import itertools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DIR = REPO / "scripts" / "pufa"
GUIDE_FILE = REPO / "guide" / "messages.md"
BEGIN = "<!-- 以下由程序生成，请勿手改 -->"
END = "<!-- 生成结束 -->"
HOLE = "…"  # stands for whatever is only known when the check runs
FIX_LABEL = "如何修改："

sys.path.insert(0, str(PACKAGE_DIR.parent))
from pufa.kinds.registry import KINDS  # noqa: E402  (each kind names its own messages' area)

# Areas in the order the guide lists them, with one line saying what each is about: the page
# kinds' areas (kinds/registry.py) come after the front matter, in the registry's order.
AREAS = {
    "前置信息": "文章、阵地和其他页面开头两行 --- 之间的“前置信息”，以及 data/ 里 .yml 文件的写法。",
    **{kind.area: kind.area_note for kind in KINDS if kind.area},
    "二维码": "二维码编号（前置信息里的 qr:）和已印刷编号登记表（data/qr.yml）。",
    "链接与页面": "页面里的链接、文件名、占位符，以及生成网站时的检查。",
    "文件编码": "文件保存的格式（编码）。",
    "发布检查": "哪些文件可以发布、网站设置，以及生成后替换旧网站前的检查：个人信息、外部加载、照片附加信息、二维码、输出文件夹。",
    "用词": "用词检查（错敏词）：国名、党名、领导人姓名、规范用语和已废止的法律，以及本单位的名单 data/wording.yml。",
    "发布流程": "三审（review）、发布日期（published）、首页更新提醒和普法日历（data/calendar.yml），以及 mkdocs.yml 的 extra.pufa 设置。",
    "公众号": "导出到微信公众号的命令（python -m pufa wechat）的提示。",
    "标牌": "打印标牌命令（python -m pufa signs）的提示。",
    "扫码统计": "统计二维码扫码次数的命令（python -m pufa scans）读网站访问日志时的提示。",
    "其他": "data/ 里的乡镇名单、分类、年度数字等。",
}
OTHER = "其他"
# Which area a module's messages belong to; a module not listed here goes to 其他.
MODULE_AREAS = {
    "frontmatter": "前置信息",
    "fields": "前置信息",
    "yamlfile": "前置信息",
    **{module: kind.area for kind in KINDS if kind.area for module in kind.modules},
    "shortlinks": "二维码",
    "content": "链接与页面",
    "engine": "链接与页面",
    "verify": "链接与页面",
    "plugin": "链接与页面",
    "textfile": "文件编码",
    "docfiles": "发布检查",
    "gate": "发布检查",
    "outputs": "发布检查",
    "siteconfig": "发布检查",
    "wording": "用词",
    "review": "发布流程",
    "workflow": "发布流程",
    "freshness": "发布流程",
    "observances": "发布流程",
    "wechat": "公众号",
    "signcmd": "标牌",
    "signs": "标牌",
    "scans": "扫码统计",
    "data": OTHER,
}
# How the guide introduces the rows of a message table (a table not listed gets no introduction).
TABLE_INTROS = {
    "_YAML_HINTS": "“前置信息（YAML）格式不正确”和“YAML 格式不正确”后面会写出具体原因：",
    "_LINK_WARNINGS": "生成网站时检查每个页面里的链接，发现问题时这样提示：",
}
TABLE_SUFFIXES = ("_WARNINGS", "_HINTS")
# Problems with severity= (problems.py) never stop a build; the guide says so after the message.
SEVERITY_NOTES = {"warning": "（提醒，不停止生成）", "note": "（说明，不停止生成）"}
# Commands that print their messages instead of returning Problems.
COMMAND_MODULES = ("signs",)  # media/signs.py returns and raises its texts; the command turns them into Problems

MAX_SAME_FIX = 4  # more variants of one message with the same fix are shown once, with "…"
MAX_CHAINS = 64  # call-site combinations followed for one message
MAX_CHAIN = 5  # callers followed upwards from a message
MAX_VARIANTS = 16
MAX_FSTRING = 8  # texts one f-string may stand for before its placeholders become "…"
MAX_DEPTH = 24

_CJK = re.compile(r"[\u3400-\u9fff]")
_HOLES = re.compile(f"{HOLE}+")


@dataclass(frozen=True)
class Message:
    module: str  # the module whose words make up the message (a helper's caller, if it supplies them)
    template: str  # the message, with "…" where the real value goes
    fix: str  # how to fix it, as the code writes it ("如何修改：…"), or ""
    expected: str = ""  # 期望 (only kept when it says something beyond "…")
    table: str = ""  # the message table the row comes from, e.g. _YAML_HINTS
    severity: str = ""  # "warning" or "note" for what never stops a build; "" for an error

    @property
    def area(self) -> str:
        return MODULE_AREAS.get(self.module.rsplit(".", 1)[-1], OTHER)


def catalogue(package_dir: Path | None = None) -> list[Message]:
    """Every message template in the package, in a stable order, without duplicates."""
    index = _Index(Path(package_dir) if package_dir else PACKAGE_DIR)
    found: list[tuple[tuple, Message]] = []
    for module in index.modules.values():
        for node in ast.walk(module.tree):
            position = (module.name, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
            if isinstance(node, ast.Call) and _is_problem(node):
                found += [(position, m) for m in index.problem_messages(module, node)]
            elif isinstance(node, ast.Assign) and _is_table(node):
                found += [((*position, row), m) for row, m in enumerate(index.table_messages(module, node))]
        if module.name.rsplit(".", 1)[-1] in COMMAND_MODULES:
            found += [((module.name, line, col), m) for line, col, m in index.command_messages(module)]
    messages, seen = [], set()
    for _, message in sorted(found, key=lambda item: (_module_order(item[1].module), item[0])):
        key = (message.template, message.fix)
        if key not in seen and _CJK.search(message.template):
            seen.add(key)
            messages.append(message)
    return messages


def _module_order(name: str) -> tuple[int, str]:
    areas = list(AREAS)
    stem = name.rsplit(".", 1)[-1]
    return areas.index(MODULE_AREAS.get(stem, OTHER)), stem


def _is_problem(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name == "Problem"


def _is_table(node: ast.Assign) -> bool:
    names = [t.id for t in node.targets if isinstance(t, ast.Name)]
    return any(n.endswith(TABLE_SUFFIXES) for n in names) and isinstance(node.value, (ast.List, ast.Tuple))


# --- the package, indexed ----------------------------------------------------------------------


@dataclass(eq=False)
class _Module:
    name: str
    tree: ast.Module
    assigns: dict[str, list[ast.expr]] = field(default_factory=dict)  # module-level NAME = value
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # local name -> (module, attribute or None)
    functions: dict[str, _Function] = field(default_factory=dict)  # module-level functions


@dataclass(eq=False)
class _Function:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: _Module
    parent: _Function | None
    params: list[str] = field(default_factory=list)  # positional, in order
    kwonly: list[str] = field(default_factory=list)
    defaults: dict[str, ast.expr] = field(default_factory=dict)
    bindings: dict[str, list[_Binding]] = field(default_factory=dict)  # NAME = value and a, b = call(…) in this function
    opaque: set[str] = field(default_factory=set)  # names bound otherwise: loops, except, with, imports
    returns: list[ast.expr] = field(default_factory=list)  # what the function returns
    children: dict[str, _Function] = field(default_factory=dict)  # nested functions by name
    callsites: list[tuple[ast.Call, _Function | None]] = field(default_factory=list)  # (call, calling function)

    def names(self) -> set[str]:
        return set(self.params) | set(self.kwonly)


@dataclass(frozen=True)
class _Binding:
    value: ast.expr
    position: int | None  # element of the returned tuple (a, b = call(…)), or None for NAME = value
    statement: ast.stmt  # where it happens, to tell which bindings reach a use


@dataclass(frozen=True)
class _Frame:
    function: _Function
    call: ast.Call | None  # the call this frame stands for; None: called from anywhere


class _NeedCaller(Exception):
    """A parameter of an unbound frame was needed: follow the calls of that function."""

    def __init__(self, index: int):
        self.index = index


@dataclass
class _Context:
    module: _Module
    chain: tuple[_Frame, ...]  # innermost first; chain[i + 1] is the caller of chain[i]
    index: int  # current frame, or -1 for module level
    expand: bool  # raise _NeedCaller instead of answering "…" for an unbound parameter
    depth: int = 0

    def at(self, index: int, module: _Module | None = None) -> _Context:
        frame_module = self.chain[index].function.module if 0 <= index < len(self.chain) else (module or self.module)
        return _Context(frame_module, self.chain, index, self.expand, self.depth + 1)


class _Index:
    def __init__(self, package_dir: Path):
        self.modules: dict[str, _Module] = {}
        self.owner: dict[int, _Function] = {}  # id(node) -> innermost function containing it
        self.parents: dict[int, tuple[ast.AST, str, int | None]] = {}  # id(node) -> (parent, field, index in the field's list)
        paths = {}  # dotted module name under pufa -> file
        for path in sorted(package_dir.rglob("*.py")):
            name = ".".join(path.relative_to(package_dir).with_suffix("").parts).removesuffix(".__init__")
            if name not in ("__init__", "__main__"):
                paths[name] = path
        self.names = set(paths)
        for name, path in paths.items():
            tree = ast.parse(path.read_text("utf-8"), filename=str(path))
            self.modules[name] = self._module(name, tree)
        for module in self.modules.values():
            self._callsites(module)

    # indexing

    def _module(self, name: str, tree: ast.Module) -> _Module:
        module = _Module(name, tree)
        for stmt in tree.body:
            for target, value in _assignments(stmt):
                if isinstance(target, ast.Name):
                    module.assigns.setdefault(target.id, []).append(value)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level == 1 or (node.module or "").split(".")[0] == "pufa"):
                source = (node.module or "").removeprefix("pufa").lstrip(".")
                for alias in node.names:
                    local = alias.asname or alias.name
                    submodule = f"{source}.{alias.name}".lstrip(".")
                    module.imports[local] = (submodule, None) if submodule in self.names or not source else (source, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("pufa.") and alias.asname:
                        module.imports[alias.asname] = (alias.name.split(".", 1)[1], None)
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module.functions[stmt.name] = self._function(stmt, module, None)
        return module

    def _function(self, node, module: _Module, parent: _Function | None) -> _Function:
        function = _Function(node, module, parent)
        args = node.args
        positional = args.posonlyargs + args.args
        function.params = [a.arg for a in positional]
        function.kwonly = [a.arg for a in args.kwonlyargs]
        function.defaults = {
            a.arg: d for a, d in zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=False)
        }
        function.defaults |= {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=False) if d is not None}
        for extra in (args.vararg, args.kwarg):
            if extra:
                function.opaque.add(extra.arg)
        for parent in [node, *_own_nodes(node)]:
            if parent is not node and isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            for name, value in ast.iter_fields(parent):
                for index, child in enumerate(value) if isinstance(value, list) else [(None, value)]:
                    if isinstance(child, ast.AST):
                        self.parents[id(child)] = (parent, name, index)
        for stmt in _own_nodes(node):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                function.children[stmt.name] = self._function(stmt, module, function)
                continue
            self.owner[id(stmt)] = function
            for target, value in _assignments(stmt):
                where = self._statement(stmt)
                if isinstance(target, ast.Name):
                    function.bindings.setdefault(target.id, []).append(_Binding(value, None, where))
                elif _unpacks_call(target, value):
                    for position, element in enumerate(target.elts):
                        function.bindings.setdefault(element.id, []).append(_Binding(value, position, where))
                else:
                    function.opaque.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            function.opaque.update(_other_bindings(stmt))
            if isinstance(stmt, ast.Return) and stmt.value is not None:
                function.returns.append(stmt.value)
        return function

    def _statement(self, node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.stmt) and id(node) in self.parents:
            node = self.parents[id(node)][0]
        return node

    def _reaching(self, bindings: list[_Binding], use: ast.AST | None) -> list[_Binding]:
        """The bindings of a name that can still hold at `use`: a later one on every path there hides an earlier one."""
        if use is None or not hasattr(use, "lineno"):
            return bindings
        here = (use.lineno, use.col_offset)
        before = [b for b in bindings if (b.statement.end_lineno, b.statement.end_col_offset) <= here]
        if not before:
            return bindings  # a loop brings it round from below, or a closure: keep them all
        around: dict[tuple[int, str], int] = {}  # (block, field) -> position of the statement holding the use
        node = use
        while id(node) in self.parents:
            parent, name, index = self.parents[id(node)]
            if index is not None:
                around.setdefault((id(parent), name), index)
            node = parent

        def hides(later: _Binding) -> bool:
            """`later` runs on every way to the use: it sits earlier in a block that holds the use."""
            parent, name, index = self.parents.get(id(later.statement), (None, "", None))
            return index is not None and around.get((id(parent), name), -1) > index

        def start(b: _Binding) -> tuple[int, int]:
            return b.statement.lineno, b.statement.col_offset

        return [b for b in before if not any(start(o) > start(b) and hides(o) for o in before)]

    def _callsites(self, module: _Module) -> None:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call):
                caller = self.owner.get(id(node))
                callee = self.resolve_function(node.func, module, caller)
                if callee is not None:
                    callee.callsites.append((node, caller))

    def resolve_function(self, func: ast.expr, module: _Module, caller: _Function | None) -> _Function | None:
        if isinstance(func, ast.Name):
            scope = caller
            while scope is not None:
                if func.id in scope.children:
                    return scope.children[func.id]
                scope = scope.parent
            if func.id in module.functions:
                return module.functions[func.id]
            source, attr = module.imports.get(func.id, ("", None))
            return self.modules[source].functions.get(attr) if attr and source in self.modules else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            source, attr = module.imports.get(func.value.id, ("", ""))
            if attr is None and source in self.modules:
                return self.modules[source].functions.get(func.attr)
        return None

    # finding messages

    def problem_messages(self, module: _Module, call: ast.Call) -> list[Message]:
        message = _argument(call, 2, "message")
        if message is None:
            return []
        parts = {
            "message": message,
            "expected": _argument(call, 3, "expected"),
            "fix": _argument(call, 5, "fix"),
            "severity": _argument(call, 6, "severity"),
        }
        return self._messages(module, call, parts)

    def table_messages(self, module: _Module, node: ast.Assign) -> Iterator[Message]:
        name = next(t.id for t in node.targets if isinstance(t, ast.Name) and t.id.endswith(TABLE_SUFFIXES))
        context = _Context(module, (), -1, expand=False)
        for row in node.value.elts:
            if not isinstance(row, (ast.Tuple, ast.List)):
                continue
            texts = [self.texts(element, context) for element in row.elts]
            chinese = [t[0] for t in texts if len(t) == 1 and _CJK.search(t[0])]
            if chinese:
                yield Message(module.name, _clean(chinese[0]), _clean(chinese[1]) if len(chinese) > 1 else "", table=name)

    def command_messages(self, module: _Module) -> Iterator[tuple[int, int, Message]]:
        """Lines a command shows instead of Problems: raised, returned, collected as errors, or printed before failing."""
        for node in ast.walk(module.tree):
            for expr in _command_texts(node):
                for message in self._messages(module, expr, {"message": expr, "expected": None, "fix": None}):
                    text, fix = _split_sentence(message.template)
                    yield expr.lineno, expr.col_offset, Message(message.module, text, fix)

    def _messages(self, module: _Module, anchor: ast.AST, parts: dict[str, ast.expr | None]) -> list[Message]:
        """Evaluate a message's parts in every call context of its function, keeping parts of one context together."""
        function = self.owner.get(id(anchor))
        start = (_Frame(function, None),) if function else ()
        pending, done, results = [start], 0, []
        while pending:
            chain = pending.pop(0)
            expand = done + len(pending) < MAX_CHAINS and len(chain) <= MAX_CHAIN
            try:
                values = self._evaluate(parts, _Context(module, chain, 0 if chain else -1, expand))
            except _NeedCaller as need:
                pending += self._callers(chain, need.index)
                continue
            done += 1
            origin = chain[-1].function.module.name if chain else module.name
            results.append((origin, values))
        condition = self._choice(parts["message"], function)
        together = condition is not None and condition == self._choice(parts["fix"], function)
        unbound = _Context(module, start, 0 if start else -1, expand=False)
        return _pair(results, lambda: self._evaluate(parts, unbound), module.name, together)

    def _evaluate(self, parts: dict[str, ast.expr | None], context: _Context) -> dict[str, list[str]]:
        return {key: self.texts(node, context) if node is not None else [""] for key, node in parts.items()}

    def _choice(self, node: ast.expr | None, function: _Function | None) -> str | None:
        """The condition choosing between two texts (`a if test else b`, directly or through a name)."""
        if isinstance(node, ast.Name) and function is not None:
            values = [b.value for b in function.bindings.get(node.id, []) if b.position is None]
            node = values[0] if len(values) == 1 else None
        return ast.dump(node.test) if isinstance(node, ast.IfExp) else None

    def _callers(self, chain: tuple[_Frame, ...], index: int) -> list[tuple[_Frame, ...]]:
        function = chain[index].function
        chains = []
        for call, caller in function.callsites:
            head = (*chain[:index], _Frame(function, call))
            chains.append(head + ((_Frame(caller, None),) if caller else ()))
        return chains

    # evaluating expressions to text

    def texts(self, node: ast.expr, context: _Context) -> list[str]:
        """Every text node can stand for, "…" for the parts known only at run time."""
        if context.depth > MAX_DEPTH:
            return [HOLE]
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else [HOLE]
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, context)
        inner = context.at(context.index)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _limit([a + b for a in self.texts(node.left, inner) for b in self.texts(node.right, inner)])
        if isinstance(node, ast.IfExp):
            return _limit(_unique(self.texts(node.body, inner) + self.texts(node.orelse, inner)))
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):  # `hint or "…"`: either one
            return _limit(_unique(t for value in node.values for t in self.texts(value, inner)))
        if isinstance(node, ast.NamedExpr):
            return self.texts(node.value, inner)
        if isinstance(node, ast.Name):
            return _limit(_unique(self._name(node.id, context, node)))
        if isinstance(node, ast.Call):
            return self._call(node, context, None)
        return [HOLE]

    def _call(self, call: ast.Call, context: _Context, position: int | None) -> list[str]:
        """Every text a function of the package returns (or element `position` of the tuples it returns)."""
        current = context.chain[context.index].function if context.index >= 0 else None
        callee = self.resolve_function(call.func, context.module, current)
        if callee is None or context.depth > MAX_DEPTH // 2:
            return [HOLE]
        outer = context.chain[context.index :] if context.index >= 0 else ()
        inner = _Context(callee.module, (_Frame(callee, call), *outer), 0, context.expand, context.depth + 1)
        found = []
        try:
            for value in callee.returns:
                for part in _returned(value, position):
                    found += self.texts(part, inner.at(0)) if part is not None else [HOLE]
        except _NeedCaller as need:  # a parameter of a caller further out: renumber for the outer chain
            raise _NeedCaller(need.index - 1 + context.index) from None
        found = _unique(found)
        # "" is how a check says "nothing wrong" (or "no hint"): not a text an editor sees.
        return _limit([t for t in found if t] or found or [HOLE])

    def _fstring(self, node: ast.JoinedStr, context: _Context) -> list[str]:
        """Every text of an f-string; a placeholder is spelled out when it can only be a few known texts."""
        out = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                values = [str(part.value)]
            else:
                values = self.texts(part.value, context.at(context.index)) if part.format_spec is None else [HOLE]
                # Spell out words ("不能含空格"), not run-time values built from pieces ("…/p/…/").
                values = _unique(HOLE if _built_value(v) else v for v in values)
                if len(out) * len(values) > MAX_FSTRING:
                    values = [HOLE]
            out = [a + b for a in out for b in values]
        return _unique(out)

    def _name(self, name: str, context: _Context, use: ast.AST | None = None) -> list[str]:
        if context.index < 0:
            return self._module_name(name, context.module, context)
        frame = context.chain[context.index]
        function = frame.function
        if name in function.names():
            return self._parameter(name, frame, context)
        if name in function.bindings:
            found = []
            for binding in self._reaching(function.bindings[name], use if self.owner.get(id(use)) is function else None):
                if binding.position is None:
                    found += self.texts(binding.value, context.at(context.index))
                else:
                    found += self._call(binding.value, context.at(context.index), binding.position)
            return found + ([HOLE] if name in function.opaque else [])
        if name in function.opaque:
            return [HOLE]
        if function.parent is not None:  # a closure: the enclosing function's variable
            nxt = context.index + 1
            if nxt < len(context.chain) and context.chain[nxt].function is function.parent:
                return self._name(name, context.at(nxt))
            outer = _Context(function.module, (_Frame(function.parent, None),), 0, False, context.depth + 1)
            return self._name(name, outer)
        return self._module_name(name, function.module, context)

    def _parameter(self, name: str, frame: _Frame, context: _Context) -> list[str]:
        function = frame.function
        if frame.call is None:
            if context.expand and function.callsites:
                raise _NeedCaller(context.index)
            return [HOLE]
        argument = _bound_argument(function, frame.call, name)
        if argument is not None:
            caller = context.index + 1
            if caller < len(context.chain):
                return self.texts(argument, context.at(caller))
            # Called at module level.
            return self.texts(argument, _Context(function.module, context.chain, -1, context.expand, context.depth + 1))
        if name in function.defaults:
            return self.texts(function.defaults[name], context.at(-1, function.module))
        return [HOLE]

    def _module_name(self, name: str, module: _Module, context: _Context) -> list[str]:
        if name in module.assigns:
            return [t for value in module.assigns[name] for t in self.texts(value, context.at(-1, module))]
        source, attr = module.imports.get(name, ("", None))
        if attr and source in self.modules:
            return self._module_name(attr, self.modules[source], context)
        return [HOLE]


def _assignments(stmt: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    if isinstance(stmt, ast.Assign):
        for target in stmt.targets:
            yield target, stmt.value
    elif (isinstance(stmt, ast.AnnAssign) and stmt.value is not None) or isinstance(stmt, ast.NamedExpr):
        yield stmt.target, stmt.value


def _other_bindings(node: ast.AST) -> Iterator[str]:
    """Names bound by loops, augmented assignment, with, except and imports: their values are not known here."""
    targets: list[ast.expr] = []
    if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension, ast.AugAssign)):
        targets.append(node.target)
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets.append(node.optional_vars)
    elif isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        yield from ((a.asname or a.name).split(".")[0] for a in node.names)
    for target in targets:
        yield from (n.id for n in ast.walk(target) if isinstance(n, ast.Name))


def _own_nodes(function) -> Iterator[ast.AST]:
    """Every node inside a function, not descending into nested functions (which are yielded themselves)."""
    stack = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _unpacks_call(target: ast.expr, value: ast.expr) -> bool:
    """`a, b = call(…)`: each name gets one element of what the call returns."""
    return isinstance(target, ast.Tuple) and isinstance(value, ast.Call) and all(isinstance(e, ast.Name) for e in target.elts)


def _returned(value: ast.expr, position: int | None) -> Iterator[ast.expr | None]:
    """The expressions a `return value` gives, or its element `position` when it returns tuples."""
    if isinstance(value, ast.IfExp):
        yield from _returned(value.body, position)
        yield from _returned(value.orelse, position)
    elif position is None:
        yield None if isinstance(value, ast.Tuple) else value
    elif isinstance(value, ast.Tuple) and position < len(value.elts):
        yield value.elts[position]
    else:
        yield None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def _bound_argument(function: _Function, call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if name in function.params:
        position = function.params.index(name)
        if position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
            return call.args[position]
    return None


def _command_texts(node: ast.AST) -> Iterator[ast.expr]:
    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
        yield node.exc.args[0]
    elif isinstance(node, ast.Return) and node.value is not None and not isinstance(node.value, ast.Tuple):
        yield node.value
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.ListComp):
        if any(isinstance(t, ast.Name) and "error" in t.id for t in node.targets):
            yield node.value.elt
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.For, ast.While, ast.With, ast.Try)):
        # print(…) right before `return 1`: the command failed and says why.
        for body in (getattr(node, "body", []), getattr(node, "orelse", []), getattr(node, "finalbody", [])):
            for stmt, following in itertools.pairwise(body):
                if _is_print(stmt) and _returns_failure(following):
                    yield stmt.value.args[0]


def _is_print(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "print"
        and bool(stmt.value.args)
    )


def _returns_failure(stmt: ast.stmt) -> bool:
    value = stmt.value if isinstance(stmt, ast.Return) else None
    return (
        isinstance(value, ast.Constant)
        and isinstance(value.value, int)
        and not isinstance(value.value, bool)
        and value.value != 0
    )


def _pair(results: list[tuple[str, dict[str, list[str]]]], unbound, home: str, together: bool) -> list[Message]:
    """Messages from each context; many that differ only in a helper's argument collapse to one with "…"."""
    messages: list[Message] = []
    for origin, values in results:
        messages += _combine(origin, values, together)
    by_fix: dict[str, set[str]] = {}
    for message in messages:
        by_fix.setdefault(message.fix, set()).add(message.template)
    crowded = {fix for fix, templates in by_fix.items() if len(templates) > MAX_SAME_FIX}
    if not crowded:
        return messages
    module = _common_module(m.module for m in messages if m.fix in crowded) or home
    general = _combine(module, unbound(), together)
    general = [m for m in general if m.fix in crowded] or general
    return [m for m in messages if m.fix not in crowded] + general


def _common_module(modules: Iterable[str]) -> str:
    found = set(modules)
    return found.pop() if len(found) == 1 else ""


def _combine(origin: str, values: dict[str, list[str]], together: bool) -> list[Message]:
    templates = _unique(_clean(t) for t in values["message"])
    fixes = _unique(_clean(f) for f in values["fix"] if f)
    # An expectation that is mostly the editor's own list ("… 之一") says nothing in a guide.
    expected = _joined([e for e in (_clean(e) for e in values["expected"]) if _says_something(e)])
    severity = next((s for s in values.get("severity", ()) if s in SEVERITY_NOTES), "")
    if together and len(templates) == len(fixes) > 1:  # message and fix chosen by the same condition
        return [Message(origin, t, f, expected, severity=severity) for t, f in zip(templates, fixes, strict=False)]
    return [Message(origin, t, _joined(fixes), expected, severity=severity) for t in templates]


def _says_something(expected: str) -> bool:
    return len(_HOLES.sub("", expected).strip(" “”之一或")) >= 4


def _joined(texts: list[str]) -> str:
    """Several ways a fix (or expectation) can read, as one text: “如何修改：A；或者B”."""
    texts = _unique(texts)
    if len(texts) <= 1:
        return texts[0] if texts else ""
    prefix = FIX_LABEL if all(t.startswith(FIX_LABEL) for t in texts) else ""
    bodies = _unique(t.removeprefix(prefix) for t in texts)
    # Only "…" (a hint made at run time): the other variants say more.
    bodies = [b for b in bodies if _CJK.search(b)] or bodies
    # "是不是“…”？；写全称" next to "写全称": the shorter one is the advice, the rest a run-time extra.
    bodies = [b for b in bodies if not any(o != b and _CJK.search(o) and (b.startswith(o) or b.endswith(o)) for o in bodies)]
    return prefix + "；或者".join(bodies)


def _split_sentence(text: str) -> tuple[str, str]:
    """A command's line: what is wrong (first sentence), and what to do (the rest, if it says anything)."""
    match = re.search(r"。\s*|\n", text)
    if not match:
        return text, ""
    head, rest = text[: match.start()], text[match.end() :].strip()
    return head, rest if _CJK.search(rest) else ""


def _built_value(text: str) -> bool:
    """A value pieced together at run time, such as a URL: no words, some letters or digits, some "…"."""
    return HOLE in text and not _CJK.search(text) and re.search(r"[A-Za-z0-9]", text) is not None


def _clean(text: str) -> str:
    return _HOLES.sub(HOLE, text).strip()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _limit(items: list[str]) -> list[str]:
    return items if len(items) <= MAX_VARIANTS else [HOLE]


# --- the guide -----------------------------------------------------------------------------------


def render_markdown(messages: Iterable[Message]) -> str:
    """The catalogue as a Markdown section, one bullet per message, grouped by area."""
    messages = list(messages)
    lines = [
        "## 全部提示",
        "",
        f"共 {len(messages)} 条，按内容分类。“…”是运行时换成具体内容的部分，例如你写的值、文件名、行号或数字。",
    ]
    for area, note in AREAS.items():
        here = [m for m in messages if m.area == area]
        if not here:
            continue
        lines += ["", f"### {area}", "", note, ""]
        shown_tables: set[str] = set()
        for message in here:
            if not message.table:
                lines.append(f"- {_bullet(message)}")
            elif message.table not in shown_tables:
                shown_tables.add(message.table)
                rows = [m for m in here if m.table == message.table]
                intro = TABLE_INTROS.get(message.table)
                if intro:
                    lines.append(f"- {intro}")
                    lines += [f"  - {_bullet(m)}" for m in rows]
                else:
                    lines += [f"- {_bullet(m)}" for m in rows]
    return "\n".join(lines) + "\n"


def _bullet(message: Message) -> str:
    text = f"**{_escape(message.template)}**{SEVERITY_NOTES.get(message.severity, '')}"
    if message.expected:
        text += f"（期望{_escape(message.expected)}）"
    fix = _fix_text(message.fix)
    return f"{text} —— {FIX_LABEL}{_escape(fix)}" if fix else text


def _fix_text(fix: str) -> str:
    body = fix.removeprefix(FIX_LABEL).strip()
    # A leading "…" is a hint only known at run time (such as “是不是‘梁洼镇’？”): the rest still helps.
    rest = body.removeprefix(HOLE).lstrip("；，")
    if body.startswith(HOLE) and _CJK.search(rest):
        body = rest
    if body and not _CJK.search(body):
        return "提示里会写出具体改法"
    return body


def _escape(text: str) -> str:
    """Keep Markdown from reading the message's own characters as formatting."""
    text = text.replace("\n", " ")
    return re.sub(r"([\\`*<])", r"\\\1", text)


# --- command line --------------------------------------------------------------------------------


def generated_block(text: str) -> str | None:
    """The generated part of the guide (between the markers), or None without markers."""
    if BEGIN not in text or END not in text.split(BEGIN, 1)[1]:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def replace_block(text: str, block: str) -> str:
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{BEGIN}\n\n{block.strip(chr(10))}\n\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = argparse.ArgumentParser(
        prog="python tools/messages.py", description="列出 check 和 build 的全部提示，并更新 guide/messages.md"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="把提示一览写进 guide/messages.md 的生成部分")
    action.add_argument("--check", action="store_true", help="guide/messages.md 不是最新时退出码为 1")
    parser.add_argument("--guide", type=Path, default=GUIDE_FILE, help="指南文件，默认 guide/messages.md")
    args = parser.parse_args(argv)
    shown = _shown(args.guide)
    messages = catalogue()
    block = render_markdown(messages)
    if not (args.write or args.check):
        sys.stdout.write(block)
        return 0
    try:
        text = args.guide.read_text("utf-8")
    except OSError as err:
        print(f"无法读取 {shown}（{err.strerror}）。")
        return 1
    current = generated_block(text)
    if current is None:
        print(f"{shown} 里找不到这两行标记：{BEGIN} 和 {END}。请把它们加回文件里（各占一行），再运行本命令。")
        return 1
    if args.check:
        if current != block:
            print(
                f"{shown} 中的提示一览不是最新的：程序里的提示改过了。请运行 .venv/bin/python tools/messages.py --write 重新生成。"
            )
            return 1
        print(f"{shown} 是最新的。")
        return 0
    if current != block:
        args.guide.write_text(replace_block(text, block), "utf-8")
        print(f"已更新 {shown}（{len(messages)} 条提示）。")
    else:
        print(f"{shown} 已是最新，没有改动。")
    return 0


def _shown(path: Path) -> str:
    """The guide's path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
