"""Demo organisations (AEO) of Cusco with their padrón de socios."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from procompite.common.identifiers import ruc_check_digit
from procompite.common.resources import load_json
from procompite.demo.geography import Places
from procompite.registry.organizations import save_organization

DEMO_NOTE = "Datos de demostración: RUC, padrón y representante son ficticios."
REFERENCE_DAY = date(2026, 6, 1)


@dataclass
class DemoOrganization:
    id: int
    spec: dict[str, Any]
    members: list[dict[str, Any]]
    category: str
    record: dict[str, Any]

    @property
    def women(self) -> int:
        return sum(1 for member in self.members if member["sex"] == "F")


class People:
    """Deterministic Peruvian names and unique, well-formed DNIs."""

    def __init__(self, rng: random.Random, on: date = REFERENCE_DAY):
        self.rng = rng
        self.on = on
        self.names = load_json("demo", "names.json")
        self.used_dnis: set[str] = set()

    def dni(self) -> str:
        while True:
            dni = str(self.rng.randint(40_000_000, 79_999_999))
            if dni not in self.used_dnis:
                self.used_dnis.add(dni)
                return dni

    def person(self, sex: str) -> dict[str, Any]:
        first = self.rng.choice(self.names["women" if sex == "F" else "men"])
        if self.rng.random() < 0.3:
            first += " " + self.rng.choice(self.names["women" if sex == "F" else "men"])
        surnames = self.names["surnames"]
        last = f"{self.rng.choice(surnames)} {self.rng.choice(surnames)}"
        age_days = self.rng.randint(19 * 366, 72 * 365)
        return {
            "dni": self.dni(),
            "first_names": first,
            "last_names": last,
            "sex": sex,
            "birth_date": self.on - timedelta(days=age_days),
        }


def demo_ruc(rng: random.Random, used: set[str]) -> str:
    """A well-formed RUC of a legal entity (prefix 20) with SUNAT's check digit."""
    while True:
        first_ten = "20" + str(rng.randint(10_000_000, 99_999_999))
        ruc = first_ten + str(ruc_check_digit(first_ten))
        if ruc not in used:
            used.add(ruc)
            return ruc


def _adult_on(member: dict[str, Any]) -> date:
    birth = member["birth_date"]
    return date(birth.year + 18, birth.month, 1) + timedelta(days=31)


def _padron(
    people: People, rng: random.Random, size: int, constituted: date
) -> list[dict[str, Any]]:
    """Founders join on the constitution date; the others later, always as adults."""
    women_share = rng.uniform(0.2, 0.75)
    members = [people.person("F" if rng.random() < women_share else "M") for _ in range(size)]
    roles = ["presidente", "vicepresidente", "secretario", "tesorero", "vocal"]
    for position, member in enumerate(members):
        member["role"] = roles[position] if position < len(roles) else "socio"
        earliest = max(constituted, _adult_on(member))
        days = 0 if position < len(roles) else rng.randint(0, (people.on - earliest).days)
        member["joined_on"] = earliest + timedelta(days=days)
    return members


def make_organization(
    places: Places,
    people: People,
    rng: random.Random,
    used_rucs: set[str],
    spec: dict[str, Any],
    constituted: date,
    size: int,
    notes: str = DEMO_NOTE,
) -> DemoOrganization:
    """An organisation of ``spec`` (name, legal form, district, chain) with ``size`` socios."""
    members = _padron(people, rng, size, constituted)
    president = members[0]
    category = "B" if len(members) < 10 or rng.random() < 0.3 else "A"
    record = {
        "name": spec["name"],
        "ruc": demo_ruc(rng, used_rucs),
        "legal_form": spec["legal_form"],
        "category": category,
        "constituted_on": constituted,
        "registry_entry": f"Partida electrónica N.° 11{rng.randint(100000, 999999)}",
        "district_id": places.districts[spec["district"]],
        "representative_name": f"{president['first_names']} {president['last_names']}",
        "representative_dni": president["dni"],
        "phone": f"9{rng.randint(10_000_000, 99_999_999)}",
        "chain_id": places.chains[spec["chain"]],
        "annual_sales_cents": rng.randint(20, 400) * 100_000,
        "notes": notes,
    }
    return DemoOrganization(0, spec, members, category, record)


def save_organizations(
    db: Database, organizations: list[DemoOrganization], today: date, at: str
) -> None:
    """Each through the registry's own save, as the AEO form does."""
    for organization in organizations:
        organization.id = save_organization(
            db,
            organization.record,
            organization.members,
            actor="demostración",
            today=today,
            at=at,
        )


def build_organizations(
    db: Database, places: Places, rng: random.Random, at: str
) -> list[DemoOrganization]:
    data = load_json("demo", "organizations.json")
    people = People(rng)
    used_rucs: set[str] = set()
    built = []
    for spec in data["organizations"]:
        constituted = date(rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28))
        size = min(spec.get("beneficiaries") or rng.randint(12, 45), 40)
        notes = DEMO_NOTE
        if spec.get("cuadro_13") and spec.get("chain_assumed"):
            notes = (
                "Figura en el Cuadro 13 del estudio, sin producto indicado: actividad y cadena "
                "asignadas para la demostración. " + notes
            )
        elif spec.get("cuadro_13"):
            notes = f"Figura en el Cuadro 13 del estudio ({spec['activity']}). " + notes
        built.append(
            make_organization(places, people, rng, used_rucs, spec, constituted, size, notes)
        )
    _share_one_member(built)
    save_organizations(db, built, REFERENCE_DAY, at)
    return built


def _share_one_member(organizations: list[DemoOrganization]) -> None:
    """One person in two padrones of the same call: the abuse the tool must surface."""
    by_name = {organization.spec["name"]: organization for organization in organizations}
    source = by_name["AEO Aproval Layo"].members[5]
    target = by_name["AEO Túpac Amaru"]
    target.members.append(source | {"role": "socio"})
