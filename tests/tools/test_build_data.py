"""The one-folder app carries every data file the code reads at run time (a missing one stops `vantage check` in the
frozen app, as the lint's word lists once did)."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_data_folder_goes_into_the_one_folder_app():
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_app", ROOT / "tools" / "build_app.py")
    build_app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_app)
    carried = {src for src, _dst in build_app.DATA}
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    needed = {f"{package}/{Path(pattern).parent.as_posix()}" for package, patterns in package_data.items()
              for pattern in patterns}
    assert needed <= carried, f"add to tools/build_app.py DATA: {sorted(needed - carried)}"
