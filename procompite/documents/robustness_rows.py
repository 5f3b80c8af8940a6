"""The rows of the robustness tables, as the acta's annex and the screen show them: one per
scenario and category that changes (or one «Sin cambios»), and one per category's cut."""


def scenario_rows(record: dict) -> list[list[str]]:
    """Escenario, categoría, entrarían, saldrían, bajo el quórum."""
    names = {c["categoria"]: c["nombre"] for c in record["categorias"]}
    rows = []
    for scenario in record["escenarios"]:
        changed = [c for c in scenario["categorias"] if c["entran"] or c["salen"]]
        quorum = ", ".join(scenario["bajo_quorum"]) or "—"
        if not changed:
            rows.append([scenario["escenario"], "Todas", "Sin cambios", "", quorum])
        for change in changed:
            rows.append(
                [
                    scenario["escenario"],
                    names.get(change["categoria"], change["categoria"]),
                    ", ".join(change["entran"]) or "—",
                    ", ".join(change["salen"]) or "—",
                    quorum,
                ]
            )
    return rows


def margin_rows(record: dict) -> list[list[str]]:
    """Categoría, último ganador, primer accesitario, diferencia, puntos de un evaluador."""
    rows = []
    for margin in record["margenes"]:
        winner, waiting = margin["ultimo_ganador"], margin["primer_accesitario"]
        if not winner or not waiting:
            rows.append([margin["nombre"], winner or "—", waiting or "—", "", margin["nota"]])
            continue
        rows.append(
            [
                margin["nombre"],
                f"{winner} ({margin['puntaje_ganador']})",
                f"{waiting} ({margin['puntaje_accesitario']})",
                margin["diferencia"],
                f"{margin['puntos_minimos']} ({margin['evaluador']})"
                if margin["posible"]
                else margin["nota"] or "Ningún evaluador por sí solo.",
            ]
        )
    return rows


SEVERITY_HEADERS = ["Evaluador", "Planes", "Desviación promedio", "Mínima", "Máxima"]
SCENARIO_HEADERS = ["Escenario", "Categoría", "Entrarían", "Saldrían", "Bajo el quórum"]
MARGIN_HEADERS = [
    "Categoría",
    "Último ganador",
    "Primer accesitario",
    "Diferencia",
    "Puntos de un evaluador para invertirlos",
]


def severity_rows(record: dict) -> list[list[str]]:
    return [
        [
            row["evaluador"],
            str(row["planes"]),
            row["desviacion_promedio"] or "—",
            row["desviacion_minima"] or "—",
            row["desviacion_maxima"] or "—",
        ]
        for row in record["severidad"]
    ]
