"""A script's run forgets the modules it imported from its own folders, and only those: a copy elsewhere with a
module of the same name imports its own next time, and numpy (imported during the run) stays loaded."""
import os
import sys

from tutor.content.locate import read_script
from tutor.core.mainmodule import as_main


def shop(folder, price):
    """A script beside its own `helper` module (and one in ../common, reached as the book reaches it)."""
    (folder / "ch05").mkdir(parents=True)
    (folder / "common").mkdir()
    (folder / "common" / "shared_layer.py").write_text(f"PRICE = {price} * 10\n")
    (folder / "ch05" / "helper.py").write_text(f"PRICE = {price}\n")
    script = folder / "ch05" / "shop.py"
    script.write_text("import os, sys\nsys.path.append(os.path.join(os.path.dirname(__file__), os.pardir))\n"
                      "import numpy\nimport helper\nfrom common import shared_layer\n")
    return read_script(script)


def run(script) -> tuple[int, int]:
    with as_main(script) as names:
        exec(script.code, names)
        return names["helper"].PRICE, names["shared_layer"].PRICE


def test_a_second_script_imports_its_own_module_of_the_same_name(tmp_path):
    first, second = shop(tmp_path / "a", 100), shop(tmp_path / "b", 120)
    import numpy  # noqa: F401  loaded before, as in any lesson

    assert run(first) == (100, 1000)
    assert "helper" not in sys.modules and "common" not in sys.modules and "common.shared_layer" not in sys.modules
    assert run(second) == (120, 1200)
    assert "numpy" in sys.modules and "helper" not in sys.modules


def test_a_module_already_loaded_before_the_run_is_kept(tmp_path):
    script = shop(tmp_path / "a", 100)
    sys.path.insert(0, str(tmp_path / "a" / "ch05"))
    try:
        import helper
        assert run(script)[0] == 100
        assert sys.modules.get("helper") is helper  # the host's own import, not the script's: left alone
    finally:
        sys.path.remove(str(tmp_path / "a" / "ch05"))
        sys.modules.pop("helper", None)


def book_chapter(folder, price):
    """A chapter that reaches ../common the book's way: `sys.path.append(os.pardir)`, relative to the working folder."""
    script = shop(folder, price)
    script.path.write_text("import os, sys\nsys.path.append(os.pardir)\nfrom common import shared_layer\n")
    return read_script(script.path)


def test_a_relative_pardir_in_a_second_folder_finds_that_folders_common(tmp_path):
    # importlib caches one finder per sys.path entry, keyed by its text: the '..' of the first chapter's run,
    # made absolute then, must not answer for the second chapter's '..' (as `check` runs lessons one after another)
    first, second = book_chapter(tmp_path / "a", 100), book_chapter(tmp_path / "b", 120)
    for script, price in ((first, 1000), (second, 1200)):
        with as_main(script) as names:
            exec(script.code, names)
            assert names["shared_layer"].PRICE == price
            assert names["shared_layer"].__file__.startswith(str(script.path.parent.parent))
    assert os.pardir not in sys.path_importer_cache


def test_a_relative_entry_the_host_had_is_the_scripts_folders_during_the_run(tmp_path, monkeypatch):
    # the host has '..' on its path, already looked up from its own folder: the script's '..' is its chapter's
    (tmp_path / "host" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "host" / "sub")
    monkeypatch.setattr(sys, "path", [*sys.path, os.pardir])
    import importlib.machinery

    importlib.machinery.PathFinder.find_spec("no_such_module_anywhere")  # caches a finder for '..': tmp_path/host
    assert os.pardir in sys.path_importer_cache
    script = book_chapter(tmp_path / "a", 100)
    with as_main(script) as names:
        exec(script.code, names)
        assert names["shared_layer"].PRICE == 1000
    assert "common" not in sys.modules  # found through '..' during the run: the script's own, so forgotten
