"""data/datapackage.json: a Frictionless Data Package (v2) the store writes on every save and recovery,
valid by Frictionless' own validator and the spec's JSON Schema, and reported when damaged or stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dplib
import jsonschema
import pandas as pd
import pytest
from fetch_helpers import FIXTURES, SHIPPED_DATA, tree_hashes

import store.files
from commands.fetch import main
from registry.catalogue import series_info
from store.frame import tidy_frame
from store.integrity import check_folder
from store.manifest import DataFileError, Provenance, read_manifest
from store.package import PACKAGE, build_package, licences, package_bytes, validate_package
from store.recovery import recover
from store.releases import release_rows
from store.save import save_series

OWID_BIRTHS = FIXTURES / "owid" / "number-of-births-per-year.csv"
SPEC = Path(dplib.__file__).parent / "profiles" / "2.0" / "datapackage.json"


def spec_problems_of(descriptor: dict) -> list[str]:
    """Errors of a descriptor against the Data Package v2 JSON Schema (as published with dplib)."""
    schema = json.loads(SPEC.read_text(encoding="utf-8"))
    return [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(descriptor)]


def spec_problems(data_dir: Path) -> list[str]:
    return spec_problems_of(json.loads((data_dir / PACKAGE).read_text(encoding="utf-8")))


def assert_valid(data_dir: Path) -> dict:
    assert validate_package(data_dir) == []
    assert spec_problems(data_dir) == []
    descriptor = json.loads((data_dir / PACKAGE).read_text(encoding="utf-8"))
    manifest = read_manifest(data_dir)
    series = [r for r in descriptor["resources"] if r["name"] != "releases"]
    assert {r["name"] for r in series} == set(manifest["series"])
    for resource in series:  # the hash is the manifest's, the size the file's
        entry = manifest["series"][resource["name"]]
        assert resource["hash"] == f"sha256:{entry['sha256']}"
        assert resource["bytes"] == (data_dir / entry["file"]).stat().st_size
    (index,) = [r for r in descriptor["resources"] if r["name"] == "releases"]
    assert index["data"] == json.loads(json.dumps(release_rows(manifest)))
    return descriptor


def test_the_committed_descriptor_is_what_the_store_writes() -> None:
    """After a merge changes data/ or series/, `python -m fetch package` rewrites it (README)."""
    expected = package_bytes(build_package(SHIPPED_DATA, read_manifest(SHIPPED_DATA)))
    assert (SHIPPED_DATA / PACKAGE).read_bytes() == expected, "run `python -m fetch package`"


def test_the_shipped_package_is_valid() -> None:
    descriptor = assert_valid(SHIPPED_DATA)
    pay_gap = next(r for r in descriptor["resources"] if r["name"] == "pay_gap")
    info = series_info("pay_gap")
    value = pay_gap["schema"]["fields"][-1]
    assert (value["unit"], value["constraints"]) == (
        info.unit,
        {"minimum": info.min_value, "maximum": info.max_value},
    )
    assert pay_gap["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_package_is_valid_after_an_import(snapshot: Path, capsys) -> None:
    argv = ["births", "--from", str(OWID_BIRTHS), "--released", "2024-07-12", "--accept-shrink"]
    assert main([*argv, "--data-dir", str(snapshot)]) == 0
    descriptor = assert_valid(snapshot)
    rows = [r for r in descriptor["resources"][-1]["data"] if r["series"] == "births"]
    assert any(r["released"] == "2024-07-12" and r["source"] == OWID_BIRTHS.name for r in rows)


def test_the_package_is_valid_after_a_live_fetch(publishers, tmp_path: Path, capsys) -> None:
    assert main(["fertility_rate", "--data-dir", str(tmp_path)]) == 0
    descriptor = assert_valid(tmp_path)
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "fertility_rate"]
    url = read_manifest(tmp_path)["series"]["fertility_rate"]["urls"][0]
    assert {"title": series_info("fertility_rate").attribution, "path": url} in resource["sources"]


def _frame() -> pd.DataFrame:
    rows = [
        {"country_code": c, "year": y, "value": 1.0 + y % 7}
        for c in ("KOR", "JPN")
        for y in range(2000, 2010)
    ]
    return tidy_frame(pd.DataFrame(rows))


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A data folder of one short series, saved as the store saves: the smallest input on which the
    descriptor's checks and Frictionless' validation (which reads every row) do all they do."""
    provenance = Provenance("import", "2024-01-01T00:00:00Z", "2024-01-01", "test")
    save_series(tmp_path, series_info("births"), _frame(), provenance)
    return tmp_path


def test_the_package_is_valid_after_a_crash_and_recovery(tmp_path: Path) -> None:
    """Killed after the manifest (the commit) and before the descriptor: recovery rewrites it."""
    info = series_info("births")
    save_series(tmp_path, info, _frame(), Provenance("import", "2024-01-01T00:00:00Z", "2024-01-01", "test"))
    before = (tmp_path / PACKAGE).read_bytes()
    pid = os.fork()
    if pid == 0:  # the child dies at the descriptor's write, the last of the save
        try:
            real = store.files.atomic_write
            store.files.atomic_write = lambda path, data: (
                os._exit(9) if path.name == PACKAGE else real(path, data)
            )
            provenance = Provenance("import", "2025-01-01T00:00:00Z", "2025-01-01", "test")
            save_series(tmp_path, info, _frame().assign(value=lambda f: f["value"] + 1), provenance)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9
    assert (tmp_path / PACKAGE).read_bytes() == before  # stale: it describes the previous release
    assert any(PACKAGE in problem for problem in check_folder(tmp_path))
    assert "rewrote datapackage.json" in recover(tmp_path).summary()
    assert_valid(tmp_path)
    assert check_folder(tmp_path) == []


@pytest.mark.parametrize(
    "damage",
    [b"{not json", b"\xff\xfe", json.dumps({"resources": []}).encode(), b""],
    ids=["invalid JSON", "not UTF-8", "wrong content", "empty"],
)
def test_a_damaged_descriptor_is_reported_and_rewritten(damage: bytes, small_store: Path, capsys) -> None:
    (small_store / PACKAGE).write_bytes(damage)
    problems = check_folder(small_store)
    assert len(problems) == 1 and str(small_store / PACKAGE) in problems[0]
    assert "python -m fetch package" in problems[0]
    assert main(["package", "--data-dir", str(small_store), "--check"]) == 1
    assert main(["package", "--data-dir", str(small_store)]) == 0  # rewritten, then validated by Frictionless
    out = " ".join(capsys.readouterr().out.split())
    assert "rewrote" in out and "is a valid data package" in out
    assert check_folder(small_store) == []


def test_a_missing_descriptor_is_reported(snapshot: Path) -> None:
    (snapshot / PACKAGE).unlink()
    assert check_folder(snapshot) == [
        f"{snapshot / PACKAGE} is missing: the data cannot be loaded as a data "
        "package. Write it with `python -m fetch package`."
    ]


def test_validation_can_fail_on_a_changed_file(small_store: Path) -> None:
    """The validator reads every file: a figure edited in place breaks its sha256."""
    assert validate_package(small_store) == []
    path = small_store / "births.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 1))
    assert any(p.startswith("births: ") and "hash" in p for p in validate_package(small_store))


def test_the_package_command_changes_nothing_when_current(small_store: Path, capsys) -> None:
    before = tree_hashes(small_store)
    assert main(["package", "--data-dir", str(small_store)]) == 0
    assert main(["package", "--data-dir", str(small_store), "--check"]) == 0
    assert tree_hashes(small_store) == before
    out = capsys.readouterr().out
    assert f"unchanged: {small_store / PACKAGE}" in out and "valid data package" in out


def test_the_package_command_refuses_a_damaged_manifest(snapshot: Path, capsys) -> None:
    (snapshot / "manifest.json").write_text("{", encoding="utf-8")
    before = tree_hashes(snapshot)
    assert main(["package", "--data-dir", str(snapshot)]) == 1
    assert "manifest.json is not valid" in " ".join(capsys.readouterr().out.split())
    assert tree_hashes(snapshot) == before


def test_a_descriptor_loads_in_one_line_with_frictionless() -> None:
    from frictionless import Package

    frame = Package(str(SHIPPED_DATA / PACKAGE)).get_resource("fertility_rate").to_pandas()
    shipped = pd.read_csv(SHIPPED_DATA / "fertility_rate.csv").set_index(["country_code", "year"])
    assert frame.loc[("KOR", 2020), "value"] == shipped.loc[("KOR", 2020), "value"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "CC BY 4.0",
            [
                {
                    "title": "CC BY 4.0",
                    "name": "CC-BY-4.0",
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                }
            ],
        ),
        (
            "CC BY 4.0 (Our World in Data); UN WPP data CC BY 3.0 IGO",
            [
                {
                    "title": "CC BY 4.0",
                    "name": "CC-BY-4.0",
                    "path": "https://creativecommons.org/licenses/by/4.0/",
                },
                {"title": "CC BY 3.0 IGO", "path": "https://creativecommons.org/licenses/by/3.0/igo/"},
            ],
        ),
        (
            "KOSIS terms of use: free reuse with the source named",
            [{"name": "other-at", "title": "KOSIS terms of use: free reuse with the source named"}],
        ),
        ("all rights reserved", [{"name": "notspecified", "title": "all rights reserved"}]),
    ],
)
def test_licences_are_data_package_licences(text: str, expected: list[dict]) -> None:
    assert licences(text) == expected


def test_a_hand_edited_manifest_never_crashes_the_check(snapshot: Path) -> None:
    """Fields of the wrong type, or an id that is a path, give sentences, never a traceback."""
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["series"]["births"]
    entry.update(urls=5, source_file="x", released=3, label=None)
    entry["vintages"][0].update(urls={"a": 1}, source_file=["y"], year_min="1950", rows=True)
    manifest["series"]["../../outside"] = {"sha256": "0" * 64, "vintages": []}
    (snapshot / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    problems = check_folder(snapshot)
    assert problems and all(isinstance(p, str) for p in problems)
    assert "manifest.json is not valid (series 'births'" in problems[0]  # the schema refuses it whole
    with pytest.raises(DataFileError, match="is not valid"):
        read_manifest(snapshot)
    entry["sha256"] = 7  # the descriptor, given such an entry anyway, leaves the hash out
    descriptor = build_package(snapshot, {"series": {"births": entry, "../../outside": {"vintages": []}}})
    assert "hash" not in descriptor["resources"][0]
    assert "../../outside" not in {r["name"] for r in descriptor["resources"]}
