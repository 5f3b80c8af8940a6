"""Command line for the follow-up of funded plans: ``followup report``, ``export``,
``template``, ``import``, ``alerts``, ``show`` and ``delivery`` (the acta de entrega)."""

import argparse
import sys
from datetime import date
from pathlib import Path

from procompite.calls.context import unknown_call_message
from procompite.common.dates import format_short
from procompite.common.labels import PAYER
from procompite.common.money import format_soles
from procompite.common.output import print_rows
from procompite.followup.alerts import alerts
from procompite.followup.delivery_pdf import render_delivery
from procompite.followup.export import export_followup
from procompite.followup.funded import plan_by_code
from procompite.followup.picture import percent, plan_picture, summaries
from procompite.followup.report_pdf import render_report
from procompite.followup.schedule import milestones
from procompite.followup.visit_import import (
    apply_visit_import,
    check_visit_file,
    write_visit_template,
)
from procompite.storage.cli_support import Refused, day_option, output_file, reading, refusing
from procompite.storage.cli_support import writing as opened_for_writing

ALERT_FIELDS = ["kind", "code", "organization", "call", "since", "text"]


def _suffix(out: str, suffix: str) -> Path:
    path = Path(out)
    if path.suffix.lower() != suffix:
        raise Refused(f"El archivo de salida «{path.name}» debe terminar en {suffix}.")
    return path


def _known_call(db, call_id: int | None) -> None:
    if call_id is not None and (message := unknown_call_message(db, call_id)):
        raise Refused(message)


def cmd_report(args: argparse.Namespace) -> int:
    out = _suffix(args.out, ".pdf")
    with reading(args.db) as db:
        _known_call(db, args.call)
        plan = plan_by_code(db, args.plan, args.call) if args.plan else None
        with output_file(out) as part:
            render_report(
                db, args.call, part, plan_id=plan and plan.plan_id, today=day_option(args.today)
            )
    print(f"Reporte de seguimiento escrito en {out}.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    out = _suffix(args.out, ".xlsx")
    with reading(args.db) as db, output_file(out) as part:
        rows = export_followup(db, part, day_option(args.today))
    print(f"Seguimiento exportado a {out}: {rows:,} filas.")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    out = _suffix(args.out, ".xlsx")
    with reading(args.db) as db:
        _known_call(db, args.call)
        with output_file(out) as part:
            rows = write_visit_template(db, args.call, part)
    noun = "plan por visitar" if rows == 1 else "planes por visitar"
    print(f"Plantilla de visitas escrita en {out}: {rows} {noun}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    today = day_option(args.today)
    with opened_for_writing(args.db) as db:
        checked = check_visit_file(db, Path(args.file), today)
        for warning in checked.warnings:
            print(f"Aviso: {warning}", file=sys.stderr)
        if checked.problems:
            for problem in checked.problems:
                print(problem, file=sys.stderr)
            count = len(checked.problems)
            noun = "problema" if count == 1 else "problemas"
            print(f"No se importó nada: {count} {noun}.", file=sys.stderr)
            return 1
        verb = "Se agregarían" if args.dry_run else "Se agregan"
        print(f"{verb} {len(checked.visits)} visitas:")
        for line in checked.changes:
            print(f"  {line}")
        if args.dry_run:
            print("Simulación: no se guardó nada.")
            return 0
        apply_visit_import(db, checked, args.actor)
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    with reading(args.db) as db:
        _known_call(db, args.call)
        found = alerts(db, day_option(args.today) or date.today(), args.call)
    rows = [
        {
            "kind": item.kind_label,
            "code": item.code,
            "organization": item.organization,
            "call": item.call,
            "since": format_short(item.since),
            "text": item.text,
        }
        for item in found
    ]
    if args.format == "text":
        if not rows:
            print("Ninguna alerta en los planes financiados no liquidados.")
        for row in rows:
            print(f"{row['kind']}: {row['code']} ({row['organization']}), desde {row['since']}. "
                  f"{row['text']}")  # fmt: skip
        return 0
    print_rows(rows, ALERT_FIELDS, args.format)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    today = day_option(args.today) or date.today()
    with reading(args.db) as db:
        if args.plan is None:
            _known_call(db, args.call)
            for row in summaries(db, args.call):
                print(
                    f"{row.label}: {row.funded} financiados, {row.with_agreement} con convenio, "
                    f"{row.visited} visitados, {row.operating} en funcionamiento "
                    f"(supervivencia {percent(row.survival)}), {row.closed} liquidados; asignado "
                    f"{format_soles(row.awarded_cents)}, ejecutado "
                    f"{format_soles(row.executed_cents)}."
                )
            return 0
        picture = plan_picture(db, plan_by_code(db, args.plan, args.call))
        print(f"{picture.plan.code} — {picture.plan.organization} ({picture.plan.call_name})")
        agreement = picture.agreement
        if agreement is None:
            print("Sin convenio.")
            return 0
        print(f"Convenio {agreement['number']} del {format_short(agreement['signed_on'])}, "
              f"{agreement['term_months']} meses.")  # fmt: skip
        for line in picture.lines:
            print(f"  {line.label}: presupuesto {format_soles(line.budget_cents)}, ejecutado "
                  f"{format_soles(line.executed_cents)}")  # fmt: skip
        for item in picture.payers:
            print(f"  {PAYER[item.payer]}: presupuesto {format_soles(item.budget_cents)}, "
                  f"ejecutado {format_soles(item.executed_cents)}")  # fmt: skip
        for milestone in milestones(db, picture.plan.plan_id, today):
            print(f"  Hito: {milestone.description}, vence {format_short(milestone.due_on)}: "
                  f"{milestone.state_label}")  # fmt: skip
        operating = {None: "—", True: "sí", False: "no"}[picture.operating]
        print(f"Visitas: {len(picture.visits)}; en funcionamiento: {operating}.")
    return 0


def cmd_delivery(args: argparse.Namespace) -> int:
    out = _suffix(args.out, ".pdf")
    with reading(args.db) as db, output_file(out) as part:
        render_delivery(db, args.number, part)
    print(f"Acta de entrega {args.number} escrita en {out}.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    followup = commands.add_parser(
        "followup", help="seguimiento de los planes financiados: reporte, Excel, visitas, alertas"
    )
    verbs = followup.add_subparsers(dest="verb", required=True, metavar="ACCIÓN")

    def verb(name: str, help_text: str, handler, *, call: bool = True):
        parser = verbs.add_parser(name, help=help_text)
        parser.add_argument("--db", required=True, help="archivo de base de datos")
        if call:
            parser.add_argument(
                "--call", type=int, help="número de la convocatoria (todas si se omite)"
            )
        parser.add_argument("--today", help="fecha de referencia aaaa-mm-dd (hoy si se omite)")
        parser.set_defaults(handler=refusing(handler))
        return parser

    report = verb("report", "reporte de seguimiento en PDF, con gráficos", cmd_report)
    report.add_argument("--out", required=True, metavar="ARCHIVO.pdf")
    report.add_argument("--plan", help="solo este plan (su código)")
    export = verb("export", "todo el seguimiento a Excel", cmd_export, call=False)
    export.add_argument("--out", required=True, metavar="ARCHIVO.xlsx")
    template = verb("template", "plantilla Excel de visitas por registrar", cmd_template)
    template.add_argument("--out", required=True, metavar="ARCHIVO.xlsx")
    import_ = verb("import", "importar visitas (todo o nada)", cmd_import, call=False)
    import_.add_argument("--file", required=True, metavar="ARCHIVO", help=".xlsx, .ods o .csv")
    import_.add_argument("--dry-run", action="store_true", help="solo revisar, sin guardar")
    import_.add_argument("--usuario", dest="actor", default="línea de comandos")
    alerts_ = verb("alerts", "alertas: hitos vencidos, bienes sin uso, sin visita…", cmd_alerts)
    alerts_.add_argument("--format", choices=["text", "csv", "json"], default="text")
    show = verb("show", "un plan (--plan) o el resumen por convocatoria", cmd_show)
    show.add_argument("--plan", help="código del plan")
    delivery = verb("delivery", "imprimir un acta de entrega", cmd_delivery, call=False)
    delivery.add_argument("--number", required=True, help="número del acta, ENTREGA-2026-0001")
    delivery.add_argument("--out", required=True, metavar="ARCHIVO.pdf")
