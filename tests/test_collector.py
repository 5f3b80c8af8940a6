"""Python's cycle collector is paused only while an import runs, and is on again after it."""

import gc
from datetime import date

import pytest

from procompite.common.collector import collector_paused
from procompite.transfer.importer import import_file


def test_the_collector_is_on_again_after_an_import_even_a_refused_one(demo_db, tmp_path):
    refused = tmp_path / "vacio.xlsx"
    refused.write_bytes(b"")
    assert gc.isenabled()

    result = import_file(demo_db, refused, today=date(2026, 11, 23))

    assert not result.ok
    assert gc.isenabled()


def test_the_collector_is_off_inside_and_back_on_after_an_error():
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("falla a mitad")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
