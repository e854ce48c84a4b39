"""The layer contracts in pyproject.toml hold: Qt only under giapp.ui, core imports nothing above it."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test dependency and must be installed"
    result = subprocess.run([exe], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_uses_only_the_standard_library():
    stdlib = sys.stdlib_module_names
    for path in (ROOT / "giapp" / "core").glob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "from") and not line.startswith(" "):
                top = words[1].split(".")[0]
                assert top in stdlib or top in ("giapp", "__future__"), f"{path.name}: {line}"
                if top == "giapp":
                    assert words[1].startswith("giapp.core"), f"{path.name}: {line}"
