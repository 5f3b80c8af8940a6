"""Saving organisations with their padrón: validation, all or nothing, audit."""

from datetime import date

import pytest

from procompite.common.errors import ValidationError
from procompite.registry.organizations import load_organization, save_organization
from procompite.registry.padron import padron_figures

TODAY = date(2026, 11, 23)


def _organization(**changes):
    return {
        "name": "Asociación de Productores de Tarwi Ccorca",
        "ruc": "20131312955",
        "legal_form": "Asociación",
        "constituted_on": date(2019, 5, 2),
    } | changes


def _member(dni="41234567", **changes):
    return {
        "dni": dni,
        "first_names": "Rosa",
        "last_names": "Quispe Huamán",
        "sex": "F",
        "birth_date": date(1999, 3, 1),
        "role": "socio",
    } | changes


def test_save_and_load_back(empty_db):
    organization_id = save_organization(
        empty_db, _organization(), [_member(), _member("42345678", sex="M")], today=TODAY
    )
    record, members = load_organization(empty_db, organization_id)
    assert record["constituted_on"] == date(2019, 5, 2)
    assert [m["dni"] for m in members] == ["41234567", "42345678"]
    assert empty_db["audit_log"].count == 1


def test_every_problem_is_reported_and_nothing_is_saved(empty_db):
    with pytest.raises(ValidationError) as error:
        save_organization(
            empty_db,
            _organization(ruc="20131312954", constituted_on=date(2027, 1, 1)),
            [_member("4123456"), _member("42345678", sex="X"), _member("42345678")],
            today=TODAY,
        )
    fields = [p.field for p in error.value.problems]
    assert "RUC" in fields and "Fecha de constitución" in fields
    assert "Socio 1, DNI" in fields and "Socio 2, Sexo" in fields and "Socio 3, DNI" in fields
    assert empty_db["organizations"].count == 0 and empty_db["members"].count == 0
    assert empty_db["audit_log"].count == 0


def test_ruc_must_be_unique(empty_db):
    save_organization(empty_db, _organization(), [], today=TODAY)
    with pytest.raises(ValidationError, match="ya está registrado"):
        save_organization(empty_db, _organization(name="Otra"), [], today=TODAY)


def test_editing_the_padron_adds_updates_and_removes_by_dni(empty_db):
    organization_id = save_organization(
        empty_db, _organization(), [_member(), _member("42345678")], today=TODAY
    )
    save_organization(
        empty_db,
        _organization(),
        [_member(first_names="Rosa Elena"), _member("43456789")],
        organization_id=organization_id,
        today=TODAY,
    )
    _, members = load_organization(empty_db, organization_id)
    assert {(m["dni"], m["first_names"]) for m in members} == {
        ("41234567", "Rosa Elena"),
        ("43456789", "Rosa"),
    }
    assert empty_db["audit_log"].count == 2


def test_padron_figures():
    members = [
        _member(sex="F", birth_date=date(2000, 1, 1)),
        _member(sex="M", birth_date=date(1970, 1, 1)),
        _member(sex="F", birth_date=None),
    ]
    figures = padron_figures(members, TODAY, youth_under=30)
    assert figures.members == 3
    assert round(figures.women_pct, 1) == 66.7
    assert figures.youth_pct == 50.0
    assert figures.average_age == (26 + 56) / 2


def test_board_roles_are_accepted_in_the_feminine():
    from datetime import date

    from procompite.registry.validation import member_problems

    member = {
        "dni": "41234567",
        "first_names": "Rosa",
        "last_names": "Quispe",
        "sex": "F",
        "birth_date": date(1980, 1, 1),
        "joined_on": date(2015, 1, 1),
    }
    for role in ("presidenta", "vicepresidenta", "secretaria", "tesorera", "socia"):
        assert member_problems(member | {"role": role}, date(2026, 11, 23)) == [], role
