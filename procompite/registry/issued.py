"""What an AEO's issued dictámenes mean for a change to its record or padrón.

An issued dictamen froze the AEO and its padrón as they were: a later change is kept for the
calls to come and the issued documents keep printing (and verifying) what they were issued
with. The registry says so whenever it changes such an AEO.
"""

from sqlite_utils import Database


def issued_numbers(db: Database) -> dict[int, list[str]]:
    """The numbers of the dictámenes in force, by the id of the AEO they judged."""
    numbers: dict[int, list[str]] = {}
    for organization_id, number in db.execute(
        "SELECT p.organization_id, d.number FROM dictamenes d JOIN plans p ON p.id = d.plan_id "
        "WHERE d.status = 'emitido' ORDER BY d.id"
    ):
        numbers.setdefault(organization_id, []).append(number)
    return numbers


def issued_notice(numbers: list[str]) -> str:
    """The sentence the registry shows when it changes an AEO with issued dictámenes."""
    listed = ", ".join(numbers[:3]) + (f" y {len(numbers) - 3} más" if len(numbers) > 3 else "")
    noun = "el dictamen emitido" if len(numbers) == 1 else "los dictámenes emitidos"
    return (
        f"El AEO tiene {noun} {listed}: el cambio vale para las próximas convocatorias y "
        f"{'ese dictamen conserva' if len(numbers) == 1 else 'esos dictámenes conservan'} los "
        "datos del AEO y del padrón de su fecha."
    )
