"""The type stubs ship and agree with the native module."""

from __future__ import annotations

import ast
import os
import inspect
from pathlib import Path

import leaksift
from leaksift import _native

PACKAGE = Path(leaksift.__file__).parent


def stub_tree() -> ast.Module:
    return ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))


def public(names):
    return {n for n in names if not n.startswith("_") or n == "__version__"}


def test_py_typed_ships():
    assert (PACKAGE / "py.typed").is_file()


def test_stub_names_match_the_native_module():
    tree = stub_tree()
    stubbed = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            stubbed.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            stubbed.add(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            stubbed.add(node.name)
    native = public(n for n in dir(_native) if n not in {"__doc__", "__file__", "__loader__", "__name__", "__package__", "__spec__", "__all__"})
    assert stubbed == native


def test_stub_members_match_each_class():
    tree = stub_tree()
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(_native, node.name)
        stubbed = {
            item.name
            for item in node.body
            if isinstance(item, ast.FunctionDef)
            and (not item.name.startswith("_") or item.name == "__init__")
        }
        stubbed.discard("__init__")
        actual = {name for name in dir(cls) if not name.startswith("_")}
        assert stubbed == actual, node.name


def test_stub_signatures_name_the_same_parameters():
    tree = stub_tree()
    checked = 0
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(_native, node.name)
        for item in node.body:
            if not isinstance(item, ast.FunctionDef) or item.name.startswith("_"):
                continue
            member = inspect.getattr_static(cls, item.name)
            if isinstance(member, property) or type(member).__name__ == "getset_descriptor":
                continue
            try:
                signature = inspect.signature(getattr(cls, item.name))
            except (TypeError, ValueError):
                continue
            args = item.args
            stub_params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
            assert stub_params == list(signature.parameters), (node.name, item.name)
            checked += 1
    assert checked >= 6


def test_package_names_are_typed():
    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name in ["scan", "scan_many", "mask", "mask_many", "default_scanner"]:
        assert functions[name].returns is not None, name


def test_the_native_module_belongs_to_this_package():
    assert Path(_native.__file__).parent == PACKAGE
    if os.environ.get("LEAKSIFT_EXPECT_INSTALLED") == "1":
        # CI: the installed wheel is under test, not the source tree.
        assert "site-packages" in PACKAGE.parts, PACKAGE
