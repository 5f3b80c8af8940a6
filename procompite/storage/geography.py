"""Peru's geography and the national catalogue of productive chains, in every file: the 25
departments, 196 provinces and 1,893 districts of the national ubigeo (``resources/geography``),
each district with its territorial indicators.

A district is known by its INEI code; the one row of the data set without one (San Antonio,
Moquegua, created after the maps, with only a RENIEC code) is left out rather than given an
invented code. Loading adds what a file lacks and fills the indicators of the districts it has,
matched by their INEI code; it never renames nor removes a place a file already holds, so the
names a region typed (and every record that points to them) stay as they are.
"""

import csv
import unicodedata
from typing import Any

from sqlite_utils import Database

from procompite.common.resources import load_json, resource_path

# The official names with their accents: the data set writes them in capitals without accents.
DEPARTMENT_NAMES = {
    "01": "Amazonas",
    "02": "Áncash",
    "03": "Apurímac",
    "04": "Arequipa",
    "05": "Ayacucho",
    "06": "Cajamarca",
    "07": "Callao",
    "08": "Cusco",
    "09": "Huancavelica",
    "10": "Huánuco",
    "11": "Ica",
    "12": "Junín",
    "13": "La Libertad",
    "14": "Lambayeque",
    "15": "Lima",
    "16": "Loreto",
    "17": "Madre de Dios",
    "18": "Moquegua",
    "19": "Pasco",
    "20": "Piura",
    "21": "Puno",
    "22": "San Martín",
    "23": "Tacna",
    "24": "Tumbes",
    "25": "Ucayali",
}
LOWER_WORDS = {"de", "del", "la", "las", "los", "el", "y", "e"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("ñ", "\0"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\0", "ñ")


def place_name(official: str, capital: str) -> str:
    """``ASUNCION`` with capital ``Asunción`` -> ``Asunción``; otherwise Spanish title case."""
    if capital and _fold(capital) == _fold(official):
        return capital
    words = official.lower().split()
    return " ".join(
        word if index and word in LOWER_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _read(name: str) -> list[dict[str, str]]:
    with resource_path("geography", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str, kind=float) -> Any:
    """A figure of the data set; empty or ``NA`` (not available) is ``None``."""
    text = text.strip()
    return None if text in ("", "NA") else kind(float(text))


def _code(text: str) -> str | None:
    return text if len(text) == 6 and text.isascii() and text.isdigit() else None


def district_indicators(row: dict[str, str]) -> dict[str, Any]:
    return {
        "reniec_ubigeo": _code(row["reniec"]),
        "altitude_m": _number(row["altitude"], int),
        "latitude": _number(row["latitude"]),
        "longitude": _number(row["longitude"]),
        "idh": _number(row["idh_2019"]),
        "poverty_pct": _number(row["pct_pobreza_total"]),
        "extreme_poverty_pct": _number(row["pct_pobreza_extrema"]),
    }


def _ids(db: Database, table: str) -> dict[str, int]:
    return {ubigeo: id_ for id_, ubigeo in db.execute(f"SELECT id, ubigeo FROM {table}")}


def load_geography(db: Database) -> dict[str, int]:
    """Add the places the file lacks and fill every district's indicators; returns how many
    departments, provinces and districts were added. Runs inside the caller's transaction."""
    added = {"departments": 0, "provinces": 0, "districts": 0}
    departments = _ids(db, "departments")
    for row in _read("ubigeo_departamento.csv"):
        code = row["inei"][:2]
        if code not in departments:
            name = DEPARTMENT_NAMES.get(code) or place_name(row["departamento"], "")
            departments[code] = db["departments"].insert({"ubigeo": code, "name": name}).last_pk
            added["departments"] += 1
    provinces = _ids(db, "provinces")
    for row in _read("ubigeo_provincia.csv"):
        code = row["inei"][:4]
        if code not in provinces:
            record = {
                "department_id": departments[code[:2]],
                "ubigeo": code,
                "name": place_name(row["provincia"], row["capital"]),
            }
            provinces[code] = db["provinces"].insert(record).last_pk
            added["provinces"] += 1
    districts = _ids(db, "districts")
    for row in _read("ubigeo_distrito.csv"):
        code = _code(row["inei"])
        if code is None:
            continue
        indicators = district_indicators(row)
        if code in districts:
            db["districts"].update(districts[code], indicators)
            continue
        record = {
            "province_id": provinces[code[:4]],
            "ubigeo": code,
            "name": place_name(row["distrito"], row["capital"]),
        }
        db["districts"].insert(record | indicators)
        added["districts"] += 1
    return added


def load_chain_catalogue(db: Database) -> int:
    """Give a file that has no productive chains the national catalogue of the studies
    (``resources/catalogs/chains.json``); a file with chains of its own is left as it is.
    Returns how many chains were added."""
    if db["chains"].count:
        return 0
    data = load_json("catalogs", "chains.json")
    db["chains"].insert_all(chain | {"source": data["source"]} for chain in data["chains"])
    return len(data["chains"])


def national_places() -> dict[str, list[tuple[str, str]]]:
    """Every department, province and district by INEI code and name, as a new file names
    them, for choosing a place before any file exists."""
    places = {
        "departments": [
            (
                row["inei"][:2],
                DEPARTMENT_NAMES.get(row["inei"][:2]) or place_name(row["departamento"], ""),
            )
            for row in _read("ubigeo_departamento.csv")
        ],
        "provinces": [
            (row["inei"][:4], place_name(row["provincia"], row["capital"]))
            for row in _read("ubigeo_provincia.csv")
        ],
        "districts": [
            (row["inei"], place_name(row["distrito"], row["capital"]))
            for row in _read("ubigeo_distrito.csv")
            if _code(row["inei"])
        ],
    }
    return {kind: sorted(rows, key=lambda r: r[1]) for kind, rows in places.items()}
