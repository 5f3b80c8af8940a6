"""Demo geography and productive chains of Apurímac, Arequipa and Cusco (Cuadros 6-8): the
demo's spellings and zones over the national geography every file holds."""

from dataclasses import dataclass, field

from sqlite_utils import Database

from procompite.common.resources import load_json


@dataclass
class Places:
    """Ids of what the demo stored, by natural key."""

    departments: dict[str, int] = field(default_factory=dict)
    districts: dict[str, int] = field(default_factory=dict)
    chains: dict[str, int] = field(default_factory=dict)
    department_chains: dict[str, list[str]] = field(default_factory=dict)


def _upsert(db: Database, table: str, record: dict) -> int:
    """The row of ``table`` with the record's ubigeo, given the record's values (every file
    already holds the national geography; the demo writes its own spellings and zones)."""
    row = db.execute(f"SELECT id FROM {table} WHERE ubigeo = ?", [record["ubigeo"]]).fetchone()
    if row is None:
        return db[table].insert(record).last_pk
    db[table].update(row[0], record)
    return row[0]


def build_geography(db: Database, places: Places) -> None:
    data = load_json("demo", "geography.json")
    for department in data["departments"]:
        department_id = _upsert(
            db, "departments", {"ubigeo": department["ubigeo"], "name": department["name"]}
        )
        places.departments[department["name"]] = department_id
        for province in department["provinces"]:
            province_id = _upsert(
                db,
                "provinces",
                {
                    "department_id": department_id,
                    "ubigeo": province["ubigeo"],
                    "name": province["name"],
                    "zone": province["zone"],
                },
            )
            for ubigeo, name in province["districts"]:
                places.districts[ubigeo] = _upsert(
                    db, "districts", {"province_id": province_id, "ubigeo": ubigeo, "name": name}
                )


def build_chains(db: Database, places: Places) -> None:
    data = load_json("demo", "chains.json")
    source = data["source"]
    for chain in load_json("catalogs", "chains.json")["chains"]:
        row = chain | {"source": source + " Descripción de demostración."}
        found = db.execute("SELECT id FROM chains WHERE name = ?", [chain["name"]]).fetchone()
        if found is None:
            places.chains[chain["name"]] = db["chains"].insert(row).last_pk
        else:
            db["chains"].update(found[0], row)
            places.chains[chain["name"]] = found[0]
    for department, spec in data["departments"].items():
        department_id = places.departments[department]
        names = list(data["common_chains"])
        for zone, chains in spec["zones"].items():
            db["zone_chains"].insert_all(
                {"department_id": department_id, "zone": zone, "chain_id": places.chains[name]}
                for name in chains
            )
            names += [name for name in chains if name not in names]
        places.department_chains[department] = names
        db["department_chains"].insert_all(
            {
                "department_id": department_id,
                "chain_id": places.chains[name],
                "year": spec["year"],
                "source": source,
            }
            for name in names
        )
    rankings = data["national_rankings"]
    db["chain_national_rankings"].insert_all(
        {
            "chain_id": places.chains[chain],
            "product": product,
            "national_rank": rank,
            "producing_departments": departments,
            "year": rankings["year"],
            "source": rankings["source"],
        }
        for chain, product, rank, departments in rankings["rows"]
    )
