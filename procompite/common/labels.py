"""Spanish labels for the codes stored in the database."""

PLAN_STATUS = {
    "borrador": "Borrador",
    "registrado": "Registrado",
    "admitido": "Admitido a evaluación",
    "en_evaluacion": "En evaluación",
    "evaluado": "Evaluado",
    "observado": "Observado",
    "retirado": "Retirado",
}

CALL_STATUS = {
    "preparacion": "En preparación",
    "abierta": "Abierta",
    "evaluacion": "En evaluación",
    "resultados": "Resultados publicados",
    "cerrada": "Cerrada",
}

PRIORITIZATION_STATUS = {"borrador": "Borrador", "aprobado": "Aprobado"}

COMMITTEE_ROLE = {
    "presidente": "Presidencia",
    "miembro": "Miembro",
    "secretario_tecnico": "Secretaría técnica",
}

COMPONENT = {
    "activos_fijos": "Activos fijos",
    "intangibles": "Intangibles",
    "capital_trabajo": "Capital de trabajo",
}

PAYER = {
    "procompite": "PROCOMPITE",
    "aeo_monetario": "AEO monetario",
    "aeo_no_monetario": "AEO no monetario",
}

VERDICT = {"apto": "Apto", "no_apto": "No apto", "observado": "Observado"}
