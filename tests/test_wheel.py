"""An installed wheel carries the forms, the resources and the migrations, where giapp.paths looks for them."""

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_holds_forms_resources_and_migrations(tmp_path):
    uv = shutil.which("uv")
    assert uv, "uv runs the tests, so it is on PATH"
    subprocess.run(
        [uv, "build", "--wheel", "-o", str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=300
    )
    (wheel,) = tmp_path.glob("giapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for form in (ROOT / "forms").glob("*.toml"):
        assert f"giapp/_data/forms/{form.name}" in names
    assert "giapp/_data/resources/fonts/wqy-microhei.ttc" in names
    assert "giapp/_data/resources/fonts/LICENSE-wqy-microhei.txt" in names
    assert "giapp/_data/resources/examples/gov-2019-sample.giapp.json" in names
    for sql in (ROOT / "giapp" / "store" / "migrations").glob("*.sql"):
        assert f"giapp/store/migrations/{sql.name}" in names
