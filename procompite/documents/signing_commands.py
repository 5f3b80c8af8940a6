"""Command line for the digital signatures of issued documents: ``sign`` (a committee member
signs a dictamen or acta in force with a PKCS#12 certificate, on top of the signatures it
already has) and ``signatures`` (who signed it, or the signed PDF written out). Without a
certificate, documents are printed with ``report`` and signed by hand."""

import argparse
import getpass
from pathlib import Path

from procompite.documents.signing import (
    SigningError,
    check_signable,
    issued_document,
    load_credential,
    sign_document,
    stored_signatures,
)
from procompite.storage.cli_support import Refused, check_output, output_file, reading, writing


def _document(args: argparse.Namespace) -> tuple[str, str]:
    return ("dictamen", args.dictamen) if args.dictamen else ("acta", args.acta)


def _password(args: argparse.Namespace) -> str:
    """The certificate's password: the first line of ``--password-file``, else asked on the
    terminal without showing it."""
    if args.password_file:
        text = Path(args.password_file).read_text(encoding="utf-8")
        return text.splitlines()[0] if text else ""
    try:
        return getpass.getpass("Contraseña del certificado: ")
    except (EOFError, KeyboardInterrupt):
        raise Refused("no se indicó la contraseña del certificado; no se firmó nada.") from None


def cmd_sign(args: argparse.Namespace) -> int:
    kind, number = _document(args)
    check_output(args.out)
    try:
        with reading(args.db) as db:
            document = check_signable(db, kind, number)
        data = Path(args.p12).read_bytes()
        credential = load_credential(data, _password(args), args.p12)
        with writing(args.db) as db:
            signature = sign_document(
                db, kind, number, credential, actor=args.actor or credential.certificate.name
            )
    except SigningError as error:
        raise Refused(str(error)) from None
    with output_file(args.out) as part:
        part.write_bytes(signature.pdf)
    print(
        f"{document.title} firmado digitalmente por {signature.signer_name} "
        f"(firma {signature.position}); el PDF firmado queda guardado en la base y escrito en "
        f"{args.out}."
    )
    return 0


def cmd_signatures(args: argparse.Namespace) -> int:
    kind, number = _document(args)
    if args.out:
        check_output(args.out)
    try:
        with reading(args.db) as db:
            document = issued_document(db, kind, number)
            signatures = stored_signatures(db, document)
    except SigningError as error:
        raise Refused(str(error)) from None
    name = document.title
    if not signatures:
        message = (
            f"el {document.name} no tiene firmas digitales; se imprime con «report {kind}» y "
            "se firma a mano."
        )
        if args.out:
            raise Refused(message)
        print(message[0].upper() + message[1:])
        return 0
    if args.out:
        with output_file(args.out) as part:
            part.write_bytes(signatures[-1].pdf)
        count = len(signatures)
        print(f"PDF firmado del {document.name} ({count} firma(s)) escrito en {args.out}.")
        return 0
    state = "" if document.in_force else " (ya no está vigente)"
    print(f"{name}{state}, código de verificación {document.code}: {len(signatures)} firma(s).")
    for signature in signatures:
        print(f"  {signature.described(full=True)}.")
    return 0


def _document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", required=True, help="archivo de base de datos")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--dictamen", metavar="NUMERO", help="número del dictamen emitido")
    which.add_argument("--acta", metavar="NUMERO", help="número del acta emitida")


def add_commands(commands: argparse._SubParsersAction) -> None:
    sign = commands.add_parser(
        "sign",
        help="firmar digitalmente un dictamen o acta emitido con un certificado PKCS#12 "
        "(.p12 o .pfx), encima de las firmas que ya tenga",
    )
    _document_arguments(sign)
    sign.add_argument(
        "--p12", required=True, metavar="ARCHIVO", help="certificado digital (.p12 o .pfx)"
    )
    sign.add_argument(
        "--password-file",
        metavar="ARCHIVO",
        help="archivo con la contraseña del certificado (si no, se pide en la terminal)",
    )
    sign.add_argument("--out", required=True, help="archivo PDF firmado a escribir")
    sign.add_argument(
        "--usuario",
        dest="actor",
        metavar="NOMBRE",
        help="quién firma, para el registro de auditoría (el titular del certificado)",
    )
    sign.set_defaults(handler=cmd_sign)

    signatures = commands.add_parser(
        "signatures",
        help="las firmas digitales de un dictamen o acta, o con --out su PDF firmado",
    )
    _document_arguments(signatures)
    signatures.add_argument("--out", help="escribir aquí el PDF firmado")
    signatures.set_defaults(handler=cmd_signatures)
